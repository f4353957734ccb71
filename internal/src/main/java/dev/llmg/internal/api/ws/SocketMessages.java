package dev.llmg.internal.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.json.UnicodeText;
import dev.llmg.internal.api.streaming.ChatJson;
import dev.llmg.internal.api.ErrorJson;
import dev.llmg.spi.GatewayException;

/**
 * Reads and writes the JSON messages of the chat WebSocket protocol ({@code apis/websocket.md}): what
 * clients send and what the gateway answers, one JSON object per text frame.
 */
final class SocketMessages {

    static final String CHAT_REQUEST = "chat.request";
    static final String CHAT_CANCEL = "chat.cancel";
    static final String PING = "ping";

    /** The longest id a client may choose; ids are echoed on every answer, so they stay short. */
    static final int MAX_ID_LENGTH = 128;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SocketMessages() {}

    /**
     * Holds a message from the client.
     *
     * @param type what it asks for: {@value #CHAT_REQUEST}, {@value #CHAT_CANCEL} or {@value #PING}
     * @param id the stream it is about (chosen by the client), or empty
     * @param chat the chat request of a {@value #CHAT_REQUEST}, or null
     */
    record ClientMessage(String type, String id, JsonNode chat) {}

    /**
     * Reads a client's text frame; throws an INVALID_ARGUMENT {@link GatewayException} when it is not a JSON
     * object with a string {@code type}, or its {@code id} is not a short string of well-formed Unicode (one
     * with a lone surrogate, such as {@code "\ud800"}, could not be echoed as it came, since a text frame is
     * UTF-8). Unknown fields are ignored.
     */
    static ClientMessage parse(String text) {
        final JsonNode message = ChatJson.readObject(text, "the message");
        final JsonNode type = message.get("type");
        if (type == null || !type.isTextual()) {
            throw GatewayException.invalidArgument("type", "the message needs a \"type\": one of "
                    + CHAT_REQUEST + ", " + CHAT_CANCEL + ", " + PING);
        }
        final JsonNode id = message.get("id");
        if (id != null && !id.isNull() && !isEchoable(id)) {
            throw GatewayException.invalidArgument("id", "\"id\" must be a string of at most " + MAX_ID_LENGTH
                                                         + " characters of well-formed Unicode (no lone surrogate)");
        }
        final JsonNode chat = message.get("chat");
        return new ClientMessage(type.asText(), id == null || id.isNull() ? "" : id.asText(),
                                 chat == null || chat.isNull() ? null : chat);
    }

    /** Returns the id a client may have sent, for tagging an error about a message that did not parse. */
    static String idOf(String text) {
        try {
            final JsonNode id = JSON.readTree(text).get("id");
            return id != null && isEchoable(id) ? id.asText() : "";
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean isEchoable(JsonNode id) {
        return id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH && UnicodeText.isWellFormed(id.textValue());
    }

    /** Returns {@code chat.chunk}: one piece of the stream {@code id}. */
    static String chunk(String id, StreamChatCompletionResponse piece) {
        return tagged("chat.chunk", id).putRawValue("chunk", new RawValue(ChatJson.print(piece))).toString();
    }

    /** Returns {@code chat.done}: the stream {@code id} ended well; its last chunk had usage and gateway. */
    static String done(String id) {
        return tagged("chat.done", id).toString();
    }

    /** Returns {@code chat.error}: the stream {@code id} ended with this error (CANCELLED after a cancel). */
    static String chatError(String id, com.google.rpc.Status status) {
        return tagged("chat.error", id).set("error", ErrorJson.of(status)).toString();
    }

    /** Returns {@code error}: a message was refused; no stream started or ended because of it. */
    static String error(String id, com.google.rpc.Status status) {
        final ObjectNode error = JSON.createObjectNode().put("type", "error");
        if (!id.isEmpty()) {
            error.put("id", id);
        }
        return error.set("error", ErrorJson.of(status)).toString();
    }

    /** Returns {@code pong}, echoing the ping's id if it had one. */
    static String pong(String id) {
        final ObjectNode pong = JSON.createObjectNode().put("type", "pong");
        if (!id.isEmpty()) {
            pong.put("id", id);
        }
        return pong.toString();
    }

    private static ObjectNode tagged(String type, String id) {
        return JSON.createObjectNode().put("type", type).put("id", id);
    }
}
