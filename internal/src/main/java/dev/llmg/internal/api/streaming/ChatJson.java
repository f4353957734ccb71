package dev.llmg.internal.api.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.api.json.JsonText;
import dev.llmg.internal.api.json.ProtoJsonReader;
import dev.llmg.spi.GatewayException;

/**
 * Reads chat requests from JSON and prints stream pieces as JSON for the streaming surfaces (SSE, WebSocket),
 * the same way the REST transcoding does: proto3 JSON with lowerCamelCase names (snake_case accepted on
 * input), enums by name, int64 as strings.
 *
 * <p>Requests are read by the one strict reader of every JSON surface ({@link JsonText} for the text,
 * {@link ProtoJsonReader} for the message): exactly one JSON object, unknown fields ignored, unknown enum
 * names and numbers refused naming the field.
 */
public final class ChatJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ChatJson() {}

    /**
     * Parses {@code text} as one JSON object, or throws an INVALID_ARGUMENT {@link GatewayException} saying
     * where the JSON broke; {@code what} names the text in that message (e.g. "the request body").
     */
    public static ObjectNode readObject(String text, String what) {
        return JsonText.readObject(text, what);
    }

    /**
     * Converts a JSON object into a {@link ChatRequest}, or throws an INVALID_ARGUMENT {@link GatewayException}
     * naming the field to fix, as the request validator names it ({@code messages[0].role}).
     */
    public static ChatRequest toChatRequest(JsonNode object) {
        return ProtoJsonReader.NATIVE.read(object, ChatRequest.getDefaultInstance(), "the chat request");
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
}
