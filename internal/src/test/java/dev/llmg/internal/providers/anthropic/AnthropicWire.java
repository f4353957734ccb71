package dev.llmg.internal.providers.anthropic;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.client.ClientFactory;

/**
 * Rewrites recorded Anthropic requests into the one spelling llmg uses for the same canonical request, and
 * makes providers for the tests.
 *
 * <p>The API accepts several spellings of the same thing: {@code system} as a string or as text blocks,
 * content as a string or as one text block, tool results as a string or as text blocks. Recorders used
 * all of them; llmg always writes the short form. {@code cache_control} and {@code citations: null} have no
 * canonical counterpart and are dropped.
 */
public final class AnthropicWire {

    static final String KEY = "sk-ant-test-0123456789";

    private AnthropicWire() {}

    static AnthropicProvider provider(URI baseUri) {
        return new AnthropicProvider(AnthropicSettings.of("anthropic", baseUri, KEY), ClientFactory.ofDefault());
    }

    public static ObjectNode asLlmgWouldSendIt(JsonNode recorded) {
        final ObjectNode copy = recorded.deepCopy();
        if (copy.path("system").isArray()) {
            copy.put("system", joinText(copy.get("system")));
        }
        for (JsonNode tool : copy.path("tools")) {
            ((ObjectNode) tool).remove("cache_control");
        }
        for (JsonNode message : copy.path("messages")) {
            final JsonNode content = message.path("content");
            if (!content.isArray()) {
                continue;
            }
            for (JsonNode block : content) {
                ((ObjectNode) block).remove("cache_control");
                if (block.path("citations").isNull()) {
                    ((ObjectNode) block).remove("citations");
                }
                if (block.path("content").isArray()) {
                    ((ObjectNode) block).put("content", joinText(block.get("content")));
                }
            }
            if (content.size() == 1 && "text".equals(content.get(0).path("type").asText())) {
                ((ObjectNode) message).put("content", content.get(0).get("text").asText());
            }
        }
        return copy;
    }

    private static String joinText(JsonNode blocks) {
        final StringBuilder text = new StringBuilder();
        for (JsonNode block : (ArrayNode) blocks) {
            text.append(text.length() == 0 ? "" : "\n\n").append(block.path("text").asText());
        }
        return text.toString();
    }
}
