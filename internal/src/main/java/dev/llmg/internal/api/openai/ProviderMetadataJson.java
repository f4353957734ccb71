package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.internal.providers.json.StructJson;

/**
 * Writes what a provider said beyond the canonical model back where Azure OpenAI puts it, so that a client of
 * llmg's OpenAI API reads an Azure model's filter verdicts as it would from Azure: {@code prompt_filter_results}
 * at the top, each choice's {@code content_filter_results} in that choice.
 */
final class ProviderMetadataJson {

    private ProviderMetadataJson() {}

    /** Copies the metadata into {@code answer}, whose {@code choices} are already written. */
    static void put(ObjectNode answer, Struct metadata) {
        final Value prompt = metadata.getFieldsMap().get("prompt_filter_results");
        if (prompt != null) {
            answer.set("prompt_filter_results", StructJson.toJson(prompt));
        }
        final Value choices = metadata.getFieldsMap().get("choices");
        if (choices == null) {
            return;
        }
        for (JsonNode choice : StructJson.toJson(choices)) {
            final int index = choice.path("index").asInt();
            for (JsonNode written : answer.path("choices")) {
                if (written.path("index").asInt() == index && choice.has("content_filter_results")) {
                    ((ObjectNode) written).set("content_filter_results", choice.get("content_filter_results"));
                }
            }
        }
    }
}
