package dev.llmg.internal.api.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The messages of the {@code graphql-transport-ws} protocol (the {@code graphql-ws} library's, see its
 * PROTOCOL.md): reading the client's, writing the server's.
 */
final class TransportWsMessages {

    /** The subprotocol a client must ask for. */
    static final String SUBPROTOCOL = "graphql-transport-ws";

    static final String CONNECTION_INIT = "connection_init";
    static final String CONNECTION_ACK = "connection_ack";
    static final String PING = "ping";
    static final String PONG = "pong";
    static final String SUBSCRIBE = "subscribe";
    static final String NEXT = "next";
    static final String ERROR = "error";
    static final String COMPLETE = "complete";

    private static final String BEARER = "bearer ";

    private TransportWsMessages() {}

    /** Reads a client's message: a JSON object with a string {@code type}; empty when it is not one. */
    static Optional<JsonNode> parse(String text) {
        try {
            final JsonNode message = ProtoGraph.mapper().readTree(text);
            return message != null && message.isObject() && message.path("type").isTextual()
                   ? Optional.of(message) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the key a {@code connection_init} payload carries: {@code {"authorization": "Bearer <key>"}} (what
     * a browser would have sent as a header) or {@code {"api_key": "<key>"}}.
     */
    static Optional<String> keyOf(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return Optional.empty();
        }
        final JsonNode authorization = payload.path("authorization");
        if (authorization.isTextual()) {
            final String value = authorization.asText();
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && !value.substring(BEARER.length()).isBlank()) {
                return Optional.of(value.substring(BEARER.length()).trim());
            }
        }
        final JsonNode key = payload.path("api_key");
        return key.isTextual() && !key.asText().isBlank() ? Optional.of(key.asText().trim()) : Optional.empty();
    }

    /** Returns a message without id or payload ({@code connection_ack}, {@code pong}). */
    static String bare(String type) {
        return write(Map.of("type", type));
    }

    /** Returns a {@code next} message: one execution result. */
    static String next(String id, Map<String, Object> result) {
        return withId(id, NEXT, result);
    }

    /** Returns an {@code error} message: the operation failed, and ends, with {@code errors}. */
    static String error(String id, List<Map<String, Object>> errors) {
        return withId(id, ERROR, errors);
    }

    /** Returns a {@code complete} message: the operation ended. */
    static String complete(String id) {
        return withId(id, COMPLETE, null);
    }

    private static String withId(String id, String type, Object payload) {
        final Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("type", type);
        if (payload != null) {
            message.put("payload", payload);
        }
        return write(message);
    }

    private static String write(Map<String, Object> message) {
        try {
            return ProtoGraph.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a graphql-transport-ws message", e);
        }
    }
}
