package dev.llmg.internal.routing.config;

/**
 * What a target's model can do, as far as routing must know ({@code targets[*].capabilities}); an unset one
 * comes from the table of well-known models, or is assumed true.
 *
 * @param tools whether it can call tools
 * @param jsonSchema whether it can answer in a given JSON schema
 * @param images whether it reads images
 * @param streaming whether it can stream its answer
 */
public record Capabilities(Boolean tools, Boolean jsonSchema, Boolean images, Boolean streaming) {

    /** Nothing known: every capability comes from elsewhere. */
    public static final Capabilities UNKNOWN = new Capabilities(null, null, null, null);

    /** Returns these capabilities, with what is unset here taken from {@code fallback}. */
    public Capabilities orElse(Capabilities fallback) {
        return new Capabilities(tools != null ? tools : fallback.tools,
                                jsonSchema != null ? jsonSchema : fallback.jsonSchema,
                                images != null ? images : fallback.images,
                                streaming != null ? streaming : fallback.streaming);
    }
}
