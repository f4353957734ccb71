package dev.llmg.internal.openai;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;

import dev.llmg.api.gateway.v1.Logprobs;
import dev.llmg.api.gateway.v1.TokenLogprob;

/**
 * Reads and writes OpenAI's {@code logprobs} of a choice ({@code {"content": [{"token", "logprob", "bytes",
 * "top_logprobs": [...]}], "refusal": [...]}}), the same in answers from an upstream and to a caller of
 * {@code /v1}, so that the log probabilities a provider returns reach the caller whole.
 */
public final class OpenAiLogprobs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiLogprobs() {}

    /** Returns whether a choice carries log probabilities (OpenAI writes null when none were asked for). */
    public static boolean present(JsonNode choice) {
        return get(choice, "logprobs").isObject();
    }

    /** Reads a choice's {@code logprobs} object. */
    public static Logprobs read(JsonNode logprobs) {
        final Logprobs.Builder read = Logprobs.newBuilder();
        for (JsonNode token : array(logprobs, "content")) {
            read.addContent(token(token));
        }
        for (JsonNode token : array(logprobs, "refusal")) {
            read.addRefusal(token(token));
        }
        return read.build();
    }

    /** Writes the canonical log probabilities as OpenAI's {@code logprobs} object. */
    public static ObjectNode write(Logprobs logprobs) {
        final ObjectNode node = NODES.objectNode();
        final ArrayNode content = node.putArray("content");
        logprobs.getContentList().forEach(token -> content.add(json(token, true)));
        final ArrayNode refusal = node.putArray("refusal");
        logprobs.getRefusalList().forEach(token -> refusal.add(json(token, true)));
        return node;
    }

    private static TokenLogprob token(JsonNode node) {
        final TokenLogprob.Builder token = TokenLogprob.newBuilder().setToken(text(node, "token"))
                                                       .setLogprob(get(node, "logprob").asDouble());
        final JsonNode bytes = get(node, "bytes");
        if (bytes.isArray()) {
            final byte[] raw = new byte[bytes.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) bytes.get(i).asInt();
            }
            token.setBytes(ByteString.copyFrom(raw));
        }
        for (JsonNode top : array(node, "top_logprobs")) {
            token.addTopLogprobs(token(top));
        }
        return token.build();
    }

    private static ObjectNode json(TokenLogprob token, boolean withTop) {
        final ObjectNode node = NODES.objectNode().put("token", token.getToken()).put("logprob", token.getLogprob());
        if (token.getBytes().isEmpty()) {
            node.putNull("bytes");
        } else {
            final ArrayNode bytes = node.putArray("bytes");
            for (byte b : token.getBytes().toByteArray()) {
                bytes.add(b & 0xff);
            }
        }
        if (withTop) {
            final ArrayNode top = node.putArray("top_logprobs");
            token.getTopLogprobsList().forEach(alternative -> top.add(json(alternative, false)));
        }
        return node;
    }
}
