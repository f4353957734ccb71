package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import dev.llmg.internal.providers.json.StructJson;

/**
 * Keeps Azure OpenAI's content-filter verdicts, which the canonical model has no fields for, as provider
 * metadata: {@code prompt_filter_results} as sent, and each choice's {@code content_filter_results} under
 * {@code choices} with the choice's index. Callers need them to tell why an answer was cut or withheld.
 */
final class FilterResults {

    private FilterResults() {}

    /** Collects the filter results of a completion or a chunk, or returns empty when it has none. */
    static Optional<Struct> of(JsonNode body) {
        final ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        final JsonNode prompt = get(body, "prompt_filter_results");
        if (!prompt.isMissingNode()) {
            metadata.set("prompt_filter_results", prompt);
        }
        ArrayNode choices = null;
        int position = 0;
        for (JsonNode choice : array(body, "choices")) {
            final JsonNode results = get(choice, "content_filter_results");
            if (!results.isMissingNode()) {
                if (choices == null) {
                    choices = metadata.putArray("choices");
                }
                choices.addObject().put("index", has(choice, "index") ? integer(choice, "index") : position)
                       .set("content_filter_results", results);
            }
            position++;
        }
        final JsonNode error = get(body, "content_filter_result"); // On a content-filter error's innererror.
        if (!error.isMissingNode()) {
            metadata.set("content_filter_result", error);
        }
        return metadata.isEmpty() ? Optional.empty() : Optional.of(StructJson.toStruct(metadata));
    }
}
