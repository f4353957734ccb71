package dev.llmg.cmd.hostile;

import static dev.llmg.cmd.hostile.Expectation.ANSWER;
import static dev.llmg.cmd.hostile.Expectation.ANSWER_OR_REFUSAL;
import static dev.llmg.cmd.hostile.Expectation.REFUSAL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hostile messages of the chat WebSocket protocol itself ({@code apis/websocket.md}): ids that are too long,
 * of the wrong type or not Unicode, messages that are no JSON object or have no or an unknown type, binary
 * frames, frames that are not UTF-8 or too large, and {@code chat.cancel} without an id.
 */
final class WebSocketProtocolCases {

    /**
     * One protocol case.
     *
     * @param name what it sends
     * @param replyId the id the reply must carry (empty when the reply has none)
     * @param action what it sends
     * @param expectation what the gateway may answer
     */
    record ProtocolCase(String name, String replyId, Consumer<HostileSocket> action, Expectation expectation) {}

    private static final String CHAT = "{\"model\":\"" + BaseRequests.MODEL + "\",\"messages\":[{\"role\":\"ROLE_USER\","
                                       + "\"content\":[{\"text\":\"hi\"}]}]}";

    private WebSocketProtocolCases() {}

    /** Returns the cases; {@code maxMessage} is the socket's message limit. */
    static List<ProtocolCase> of(int maxMessage) {
        final List<ProtocolCase> cases = new ArrayList<>();
        text(cases, "chat.cancel without an id", "", "{\"type\":\"chat.cancel\"}", REFUSAL);
        cases.add(new ProtocolCase("chat.cancel of an id not in flight (then a ping)", "after", socket -> {
            socket.send("{\"type\":\"chat.cancel\",\"id\":\"nobody\"}");
            socket.send("{\"type\":\"ping\",\"id\":\"after\"}");
        }, ANSWER));
        text(cases, "chat.request whose id has a lone surrogate", "\ud800x",
             "{\"type\":\"chat.request\",\"id\":\"\\ud800x\",\"chat\":" + CHAT + '}', ANSWER_OR_REFUSAL);
        text(cases, "ping whose id has a lone surrogate", "\udc00p", "{\"type\":\"ping\",\"id\":\"\\udc00p\"}",
             ANSWER_OR_REFUSAL);
        text(cases, "chat.request whose id has control characters", "\u0000\r\nid",
             "{\"type\":\"chat.request\",\"id\":\"\\u0000\\r\\nid\",\"chat\":" + CHAT + '}', ANSWER_OR_REFUSAL);
        text(cases, "chat.request with an id of 200,000 characters", "",
             "{\"type\":\"chat.request\",\"id\":" + HostileValues.HUGE_STRING + ",\"chat\":" + CHAT + '}', REFUSAL);
        text(cases, "ping with an id of 200,000 characters", "",
             "{\"type\":\"ping\",\"id\":" + HostileValues.HUGE_STRING + '}', REFUSAL);
        text(cases, "chat.request with an id of 129 characters", "",
             "{\"type\":\"chat.request\",\"id\":\"" + "i".repeat(129) + "\",\"chat\":" + CHAT + '}', REFUSAL);
        text(cases, "chat.request with a number for id", "", "{\"type\":\"chat.request\",\"id\":42,\"chat\":" + CHAT + '}',
             REFUSAL);
        text(cases, "chat.request with an object for id", "",
             "{\"type\":\"chat.request\",\"id\":{},\"chat\":" + CHAT + '}', REFUSAL);
        text(cases, "chat.request without an id", "", "{\"type\":\"chat.request\",\"chat\":" + CHAT + '}', REFUSAL);
        text(cases, "chat.request without chat", "no-chat", "{\"type\":\"chat.request\",\"id\":\"no-chat\"}", REFUSAL);
        text(cases, "chat.request with a string for chat", "string-chat",
             "{\"type\":\"chat.request\",\"id\":\"string-chat\",\"chat\":\"hi\"}", REFUSAL);
        text(cases, "chat.request with an array for chat", "array-chat",
             "{\"type\":\"chat.request\",\"id\":\"array-chat\",\"chat\":[" + CHAT + "]}", REFUSAL);
        text(cases, "text that is no JSON", "", "hello", REFUSAL);
        text(cases, "an empty text frame", "", "", REFUSAL);
        text(cases, "a JSON array", "", "[1,2]", REFUSAL);
        text(cases, "JSON null", "", "null", REFUSAL);
        text(cases, "no type", "x", "{\"id\":\"x\"}", REFUSAL);
        text(cases, "a number for type", "", "{\"type\":42}", REFUSAL);
        text(cases, "an unknown type", "odd", "{\"type\":\"chat.explode\",\"id\":\"odd\"}", REFUSAL);
        text(cases, "10,000 nested arrays", "", HostileValues.DEEP_ARRAYS, REFUSAL);
        text(cases, "trailing garbage after the message", "", "{\"type\":\"ping\"}xyz", REFUSAL);
        text(cases, "the key type twice", "", "{\"type\":\"chat.cancel\",\"type\":\"ping\"}", ANSWER_OR_REFUSAL);
        cases.add(new ProtocolCase("a binary frame", "",
                                   socket -> socket.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)),
                                   REFUSAL));
        cases.add(new ProtocolCase("a text frame that is not UTF-8", "",
                                   socket -> socket.sendTextBytes(new byte[] { '{', (byte) 0xC3, 0x28, '}' }), REFUSAL));
        cases.add(new ProtocolCase("a message over the size limit", "",
                                   socket -> socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(maxMessage + 1)
                                                         + "\"}"), REFUSAL));
        return cases;
    }

    private static void text(List<ProtocolCase> cases, String name, String replyId, String text,
                             Expectation expectation) {
        cases.add(new ProtocolCase(name, replyId, socket -> socket.send(text), expectation));
    }
}
