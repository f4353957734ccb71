package dev.llmg.internal.api.openai;

import static dev.llmg.internal.api.openai.StrictJson.field;
import static dev.llmg.internal.api.openai.StrictJson.integer;
import static dev.llmg.internal.api.openai.StrictJson.string;
import static dev.llmg.internal.api.openai.StrictJson.text;
import static dev.llmg.internal.api.openai.StrictJson.wrongType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;
import dev.llmg.spi.GatewayException;

/**
 * Reads OpenAI's {@code POST /v1/embeddings} body into the canonical request and writes the canonical answer
 * as OpenAI's {@code list} of {@code embedding} objects.
 *
 * <p>{@code input} may be a string or an array of strings; token arrays are refused with a clear 400, since
 * llmg cannot know which tokenizer they were made with. {@code encoding_format: "base64"} (what OpenAI's
 * SDKs ask for by default) writes each vector as the base64 of its little-endian float32 values.
 */
final class OpenAiEmbeddingsJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiEmbeddingsJson() {}

    /** Reads the request; returns it with whether the answer is wanted in base64. */
    static Request read(JsonNode body) {
        if (!body.isObject()) {
            throw wrongType("", "a JSON object", body);
        }
        final CreateEmbeddingsRequest.Builder request = CreateEmbeddingsRequest.newBuilder();
        final String model = string(body, "model", "");
        if (model != null) {
            request.setModel(model);
        }
        final JsonNode input = field(body, "input");
        if (input == null) {
            throw GatewayException.invalidArgument("input", "input is required: a string or an array of strings");
        }
        if (input.isTextual()) {
            request.addInputs(text(input, "input"));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                final JsonNode element = input.get(i);
                if (element.isNumber() || element.isArray()) {
                    throw GatewayException.invalidArgument("input", "input as token arrays is not supported: "
                                                                    + "send the text itself");
                }
                if (!element.isTextual()) {
                    throw wrongType("input[" + i + ']', "a string", element);
                }
                request.addInputs(text(element, "input[" + i + ']'));
            }
        } else {
            throw wrongType("input", "a string or an array of strings", input);
        }
        final Integer dimensions = integer(body, "dimensions", "");
        if (dimensions != null) {
            request.setDimensions(dimensions);
        }
        final String user = string(body, "user", "");
        if (user != null) {
            request.setUser(user);
        }
        final String format = string(body, "encoding_format", "");
        if (format != null && !"float".equals(format) && !"base64".equals(format)) {
            throw GatewayException.invalidArgument("encoding_format", "encoding_format must be float or base64, not '"
                                                                      + format + '\'');
        }
        return new Request(request.build(), "base64".equals(format));
    }

    /** Writes the answer as OpenAI's embeddings list, with llmg's metadata in {@code llmg}. */
    static ObjectNode write(CreateEmbeddingsResponse response, boolean base64) {
        final ObjectNode body = NODES.objectNode().put("object", "list");
        final ArrayNode data = body.putArray("data");
        for (Embedding embedding : response.getEmbeddingsList()) {
            final ObjectNode node = data.addObject().put("object", "embedding").put("index", embedding.getIndex());
            if (base64) {
                final ByteBuffer bytes = ByteBuffer.allocate(embedding.getValuesCount() * Float.BYTES)
                                                   .order(ByteOrder.LITTLE_ENDIAN);
                embedding.getValuesList().forEach(bytes::putFloat);
                node.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                final ArrayNode values = node.putArray("embedding");
                // Written as the exact double of each float, so that a client reading numbers gets the same
                // values as one decoding the base64 float32s (0.4703674f is 0.47036740183830261).
                embedding.getValuesList().forEach(value -> values.add(value.doubleValue()));
            }
        }
        body.put("model", response.getModel());
        body.putObject("usage").put("prompt_tokens", response.getUsage().getInputTokens())
            .put("total_tokens", response.getUsage().getTotalTokens());
        LlmgMetadataJson.put(body, response.getGateway());
        return body;
    }

    /**
     * An embeddings request as llmg reads it.
     *
     * @param embeddings the canonical request
     * @param base64 whether the vectors are wanted as base64 rather than as arrays of numbers
     */
    record Request(CreateEmbeddingsRequest embeddings, boolean base64) {}
}
