package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.integer;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.spi.GatewayException;

/**
 * Maps embedding requests to Amazon Titan's text embedding models on InvokeModel, which embed one text per
 * call: {@code {"inputText", "dimensions", "normalize": true}} (normalised, as OpenAI's vectors are, and as
 * Titan v2 does by default), and {@code {"embedding", "inputTextTokenCount"}} back.
 */
final class TitanEmbeddings {

    private TitanEmbeddings() {}

    /** Refuses models other than Titan's text embedders, whose bodies llmg does not know. */
    static void check(String model) {
        if (!model.toLowerCase(Locale.ROOT).contains("amazon.titan-embed-text")) {
            throw GatewayException.invalidArgument("model", "llmg's bedrock provider embeds with Amazon Titan text "
                                                            + "models, e.g. amazon.titan-embed-text-v2:0");
        }
    }

    /** Builds the body for one input. */
    static ObjectNode toJson(String input, CreateEmbeddingsRequest request) {
        final ObjectNode body = JsonNodeFactory.instance.objectNode().put("inputText", input);
        if (request.hasDimensions()) {
            body.put("dimensions", request.getDimensions());
        }
        return body.put("normalize", true);
    }

    /** Joins the answers, one per input in order, with their token counts added up. */
    static CreateEmbeddingsResponse toResponse(List<JsonNode> answers, String model) {
        final CreateEmbeddingsResponse.Builder response = CreateEmbeddingsResponse.newBuilder().setModel(model);
        int tokens = 0;
        for (int i = 0; i < answers.size(); i++) {
            final Embedding.Builder vector = Embedding.newBuilder().setIndex(i);
            array(answers.get(i), "embedding").forEach(value -> vector.addValues(value.floatValue()));
            response.addEmbeddings(vector);
            tokens += integer(answers.get(i), "inputTextTokenCount");
        }
        return response.setUsage(Usage.newBuilder().setInputTokens(tokens).setTotalTokens(tokens)).build();
    }
}
