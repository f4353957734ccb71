package dev.llmg.internal.routing.config;

/**
 * What a target's model can do, as far as routing must know ({@code targets[*].capabilities}); an unset one
 * comes from the table of well-known models, or is assumed true.
 *
 * @param tools whether it can call tools
 * @param jsonSchema whether it can answer in a given JSON schema
 * @param images whether it reads images
 * @param streaming whether it can stream its answer
 * @param jsonMode whether it has a JSON mode ({@code response_format} {@code json_object}), which llmg asks for
 *                 when it emulates a JSON schema the model cannot follow natively
 */
public record Capabilities(Boolean tools, Boolean jsonSchema, Boolean images, Boolean streaming, Boolean jsonMode) {

    /** Nothing known: every capability comes from elsewhere. */
    public static final Capabilities UNKNOWN = new Capabilities(null, null, null, null, null);

    /** Returns capabilities that say nothing of a JSON mode. */
    public Capabilities(Boolean tools, Boolean jsonSchema, Boolean images, Boolean streaming) {
        this(tools, jsonSchema, images, streaming, null);
    }

    /** Returns these capabilities, with what is unset here taken from {@code fallback}. */
    public Capabilities orElse(Capabilities fallback) {
        return new Capabilities(tools != null ? tools : fallback.tools,
                                jsonSchema != null ? jsonSchema : fallback.jsonSchema,
                                images != null ? images : fallback.images,
                                streaming != null ? streaming : fallback.streaming,
                                jsonMode != null ? jsonMode : fallback.jsonMode);
    }
}
