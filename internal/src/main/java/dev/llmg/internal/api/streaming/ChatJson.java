package dev.llmg.internal.api.streaming;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Reads chat requests from JSON and prints stream pieces as JSON, the same way the REST transcoding does:
 * proto3 JSON with lowerCamelCase names (snake_case accepted on input), enums by name, int64 as strings.
 *
 * <p>Unknown fields are ignored, as the transcoded {@code POST /api/v1/chat/completions} ignores them, so
 * one body works on both routes and older gateways accept newer clients. An unknown enum name is dropped
 * like an unknown field, and the request validator then names the field (e.g. {@code messages[0].role}).
 * The text must still be one well-formed JSON object: protobuf's parser is lenient about syntax (it
 * accepts trailing garbage), so Jackson checks the syntax first and says where it broke.
 */
public final class ChatJson {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ChatJson() {}

    /**
     * Parses {@code text} as one JSON object, or throws an INVALID_ARGUMENT {@link GatewayException} saying
     * where the JSON broke; {@code what} names the text in that message (e.g. "the request body").
     */
    public static JsonNode readObject(String text, String what) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed("", what + " is not valid JSON: " + e.getOriginalMessage() + location(e), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw malformed("", what + " is empty: send a JSON object", null);
        }
        if (!tree.isObject()) {
            throw malformed("", what + " must be a JSON object, not "
                                + tree.getNodeType().toString().toLowerCase(Locale.ROOT), null);
        }
        return tree;
    }

    /**
     * Converts a JSON object into a {@link ChatRequest}, or throws an INVALID_ARGUMENT
     * {@link GatewayException} naming {@code field} (the object's place in the caller's message, or empty).
     */
    public static ChatRequest toChatRequest(JsonNode object, String field) {
        final ChatRequest.Builder request = ChatRequest.newBuilder();
        try {
            PARSER.merge(object.toString(), request);
        } catch (InvalidProtocolBufferException e) {
            final String what = field.isEmpty() ? "the request body" : field;
            throw malformed(field, what + " does not fit the chat request (see /docs): " + e.getMessage(), e);
        }
        return request.build();
    }

    /** Prints a message as one line of proto3 JSON, without insignificant whitespace. */
    public static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only an Any of an unregistered type fails to print, and stream pieces hold none.
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
        }
    }

    private static GatewayException malformed(String field, String message, Throwable cause) {
        return new GatewayException(ErrorKind.INVALID_ARGUMENT, "malformed_request", field, message, cause);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                                              + e.getLocation().getColumnNr() + ')';
    }
}
