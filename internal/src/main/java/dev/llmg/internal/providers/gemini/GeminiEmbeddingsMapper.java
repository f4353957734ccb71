package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;

/**
 * Maps embedding requests to Gemini's {@code batchEmbedContents} (one {@code EmbedContentRequest} per input,
 * {@code dimensions} as {@code outputDimensionality}) and its {@code embeddings[].values} back, in order.
 * The API reports no token counts for embeddings, so the response carries no usage.
 */
final class GeminiEmbeddingsMapper {

    private GeminiEmbeddingsMapper() {}

    /** Builds the body; {@code resource} is the model's resource name, e.g. {@code models/gemini-embedding-001}. */
    static ObjectNode toJson(CreateEmbeddingsRequest request, String resource) {
        final ObjectNode body = JsonNodeFactory.instance.objectNode();
        final ArrayNode requests = body.putArray("requests");
        for (String input : request.getInputsList()) {
            final ObjectNode one = requests.addObject().put("model", resource);
            one.putObject("content").putArray("parts").addObject().put("text", input);
            if (request.hasDimensions()) {
                one.put("outputDimensionality", request.getDimensions());
            }
        }
        return body;
    }

    /** Maps the vectors, numbered in the order of the inputs. */
    static CreateEmbeddingsResponse toResponse(JsonNode body, String model) {
        final CreateEmbeddingsResponse.Builder response = CreateEmbeddingsResponse.newBuilder().setModel(model);
        int index = 0;
        for (JsonNode embedding : array(body, "embeddings")) {
            final Embedding.Builder vector = Embedding.newBuilder().setIndex(index++);
            array(embedding, "values").forEach(value -> vector.addValues(value.floatValue()));
            response.addEmbeddings(vector);
        }
        return response.build();
    }
}
