package dev.llmg.internal.api.openai;

import static dev.llmg.internal.api.openai.StrictJson.field;
import static dev.llmg.internal.api.openai.StrictJson.path;
import static dev.llmg.internal.api.openai.StrictJson.string;
import static dev.llmg.internal.api.openai.StrictJson.wrongType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.spi.GatewayException;

/**
 * Reads Anthropic's {@code cache_control} extension, which OpenAI-compatible clients send on content parts, on a
 * message (for its last part) and on tools to ask for a prompt cache: {@code {"type": "ephemeral"}}, optionally
 * with {@code "ttl": "5m"} or {@code "1h"}. Without it an Anthropic cache is never written, so it never hits.
 */
final class CacheControlJson {

    /** The field's name. */
    static final String FIELD = "cache_control";

    private CacheControlJson() {}

    /** Returns the cache hint set on {@code parent}, or null when it sets none; throws naming a bad one. */
    static CacheControl read(JsonNode parent, String parentPath) {
        final JsonNode node = field(parent, FIELD);
        if (node == null) {
            return null;
        }
        final String at = path(parentPath, FIELD);
        if (!node.isObject()) {
            throw wrongType(at, "an object such as {\"type\": \"ephemeral\"}", node);
        }
        final String type = string(node, "type", at);
        if (!"ephemeral".equals(type)) {
            throw GatewayException.invalidArgument(path(at, "type"), path(at, "type") + " must be \"ephemeral\""
                    + (type == null ? "" : ", not '" + type + '\''));
        }
        final String ttl = string(node, "ttl", at);
        if (ttl == null || ttl.equals("5m")) {
            return CacheControl.getDefaultInstance();
        }
        if (!ttl.equals("1h")) {
            throw GatewayException.invalidArgument(path(at, "ttl"), path(at, "ttl") + " must be \"5m\" or \"1h\", "
                                                                    + "not '" + ttl + '\'');
        }
        return CacheControl.newBuilder().setTtl(ttl).build();
    }
}
