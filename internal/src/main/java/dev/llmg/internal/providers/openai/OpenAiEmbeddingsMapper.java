package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Turns canonical embedding requests into the body of OpenAI's {@code POST /embeddings}, and its answer back.
 *
 * <p>Vectors are asked for as floats explicitly: base64 is some SDKs' default and compatible servers differ
 * in supporting it.
 */
final class OpenAiEmbeddingsMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiEmbeddingsMapper() {}

    /** Builds the request body. */
    static ObjectNode toJson(CreateEmbeddingsRequest request) {
        final ObjectNode body = NODES.objectNode().put("model", request.getModel());
        if (request.getInputsCount() == 1) {
            body.put("input", request.getInputs(0)); // As OpenAI's SDKs send a single text.
        } else {
            final ArrayNode input = body.putArray("input");
            request.getInputsList().forEach(input::add);
        }
        body.put("encoding_format", "float");
        if (request.hasDimensions()) {
            body.put("dimensions", request.getDimensions());
        }
        if (!request.getUser().isEmpty()) {
            body.put("user", request.getUser());
        }
        return body;
    }

    /** Decodes OpenAI's base64 encoding: little-endian 32-bit floats. */
    private static void addBase64(Embedding.Builder embedding, String base64) {
        final ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.remaining() >= Float.BYTES) {
            embedding.addValues(bytes.getFloat());
        }
    }

    /** Maps the {@code list} of embeddings, ordered by index as the inputs were. */
    static CreateEmbeddingsResponse toResponse(JsonNode body) {
        final CreateEmbeddingsResponse.Builder response = CreateEmbeddingsResponse.newBuilder()
                                                                                  .setModel(text(body, "model"));
        final List<Embedding> embeddings = new ArrayList<>();
        int position = 0;
        for (JsonNode item : array(body, "data")) {
            final Embedding.Builder embedding =
                    Embedding.newBuilder().setIndex(has(item, "index") ? integer(item, "index") : position);
            final JsonNode vector = get(item, "embedding");
            if (vector.isTextual()) {
                addBase64(embedding, vector.textValue()); // Servers that ignore encoding_format: float.
            } else {
                for (JsonNode value : array(item, "embedding")) {
                    embedding.addValues(value.floatValue());
                }
            }
            embeddings.add(embedding.build());
            position++;
        }
        embeddings.sort(Comparator.comparingInt(Embedding::getIndex));
        response.addAllEmbeddings(embeddings);
        final JsonNode usage = object(body, "usage");
        if (!usage.isMissingNode()) {
            final int input = integer(usage, "prompt_tokens");
            response.setUsage(Usage.newBuilder().setInputTokens(input)
                                   .setTotalTokens(has(usage, "total_tokens") ? integer(usage, "total_tokens")
                                                                              : input));
        }
        return response.build();
    }
}
