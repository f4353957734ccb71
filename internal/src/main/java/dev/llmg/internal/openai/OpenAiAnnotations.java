package dev.llmg.internal.openai;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.llmg.api.gateway.v1.Annotation;
import dev.llmg.api.gateway.v1.UrlCitation;

/**
 * Reads and writes OpenAI's {@code annotations} of a message or delta: web pages the text cites
 * ({@code {"type": "url_citation", "url_citation": {"url", "title", "start_index", "end_index"}}}), as search
 * models return them. Kinds llmg does not know are skipped when read.
 */
public final class OpenAiAnnotations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiAnnotations() {}

    /** Reads the {@code annotations} of a message or delta. */
    public static List<Annotation> read(JsonNode messageOrDelta) {
        final List<Annotation> annotations = new ArrayList<>();
        for (JsonNode annotation : array(messageOrDelta, "annotations")) {
            final JsonNode citation = object(annotation, "url_citation");
            if ("url_citation".equals(text(annotation, "type")) && citation.isObject()) {
                annotations.add(Annotation.newBuilder().setUrlCitation(UrlCitation.newBuilder()
                        .setUrl(text(citation, "url")).setTitle(text(citation, "title"))
                        .setStartIndex(integer(citation, "start_index"))
                        .setEndIndex(integer(citation, "end_index"))).build());
            }
        }
        return annotations;
    }

    /** Writes annotations as OpenAI's {@code annotations} array. */
    public static ArrayNode write(List<Annotation> annotations) {
        final ArrayNode array = NODES.arrayNode();
        for (Annotation annotation : annotations) {
            if (annotation.hasUrlCitation()) {
                final UrlCitation citation = annotation.getUrlCitation();
                array.addObject().put("type", "url_citation").putObject("url_citation")
                     .put("url", citation.getUrl()).put("title", citation.getTitle())
                     .put("start_index", citation.getStartIndex()).put("end_index", citation.getEndIndex());
            }
        }
        return array;
    }
}
