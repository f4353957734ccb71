package dev.llmg.cmd.hostile;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;

/**
 * The chat WebSocket, {@code /api/v1/ws}: each body goes out as the {@code chat} of a {@code chat.request}
 * (spliced in as raw bytes, so that malformed bodies stay malformed). A refusal is a {@code chat.error}, or an
 * {@code error} when the message as a whole did not parse, with the native JSON error; an answer ends with
 * {@code chat.done}. A socket that closed is reopened for the next case.
 */
final class WebSocketSurface implements JsonSurface {

    static final long TIMEOUT_MILLIS = HttpCalls.TIMEOUT_MILLIS;

    private final URI gateway;
    private HostileSocket socket;
    private int sequence;

    WebSocketSurface(URI gateway) {
        this.gateway = gateway;
    }

    @Override
    public String name() {
        return "WebSocket " + HostileSocket.PATH;
    }

    @Override
    public Reply send(byte[] body) {
        final String id = "case-" + ++sequence;
        final byte[] head = ("{\"type\":\"chat.request\",\"id\":\"" + id + "\",\"chat\":").getBytes(StandardCharsets.UTF_8);
        final byte[] message = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        message[message.length - 1] = '}';
        return exchange(id, socket -> socket.sendTextBytes(message));
    }

    /**
     * Sends what {@code action} sends and reads the reply: the first {@code chat.done}, {@code chat.error},
     * {@code error} or {@code pong}, or the close. A reply whose id is not {@code id} (nor absent) is a fault:
     * every case ends before the next starts, so it can only be a reply that changed the id.
     */
    Reply exchange(String id, java.util.function.Consumer<HostileSocket> action) {
        if (socket == null || socket.ended()) {
            socket = HostileSocket.connect(gateway);
        }
        action.accept(socket);
        final Reply reply = read(id);
        final boolean clean = (reply.kind() == Reply.Kind.ANSWER || reply.kind() == Reply.Kind.REFUSAL)
                              && reply.shapeProblems().isEmpty() && !reply.status().startsWith("close");
        if (!clean || socket.ended()) {
            socket.close();
            socket = null; // start the next case on a fresh socket, free of this one's leftovers
        }
        return reply;
    }

    /** Closes the socket, if one is open. */
    void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private Reply read(String id) {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        final StringBuilder seen = new StringBuilder();
        while (true) {
            final HostileSocket.Incoming next = socket.next(Math.max(1, deadline - System.currentTimeMillis()));
            if (next == null) {
                return Reply.noAnswer(TIMEOUT_MILLIS / 1000.0, "no chat.done, chat.error or error (seen: " + seen + ')');
            }
            if (next.close() != null) {
                return closed(next, seen);
            }
            if (next.ended()) {
                return new Reply(Reply.Kind.SERVER_ERROR, "socket dropped without a close frame", "", List.of(),
                                 seen + next.text());
            }
            seen.append(Reply.excerpt(next.text(), 300)).append(' ');
            if (next.json() == null) {
                return new Reply(Reply.Kind.SERVER_ERROR, "a text frame that is no JSON", "", List.of(), next.text());
            }
            final JsonNode json = next.json();
            final String type = json.path("type").asText();
            final String replyId = json.path("id").asText("");
            final List<String> idProblems = replyId.isEmpty() || replyId.equals(id) ? List.of()
                    : List.of("the reply carries the id '" + Reply.excerpt(replyId, 60) + "', not the id sent, '"
                              + Reply.excerpt(id, 60) + '\'');
            switch (type) {
                case "chat.chunk":
                    if (!idProblems.isEmpty()) {
                        return new Reply(Reply.Kind.ANSWER, "chat.chunk", "", idProblems, seen.toString());
                    }
                    continue;
                case "chat.done":
                case "pong":
                    return new Reply(Reply.Kind.ANSWER, type, "", idProblems, seen.toString());
                case "chat.error":
                case "error":
                    final Reply refusal = refusal(type, json, id, seen.toString());
                    final List<String> problems = new ArrayList<>(refusal.shapeProblems());
                    problems.addAll(idProblems);
                    return new Reply(refusal.kind(), refusal.status(), refusal.message(), problems, refusal.excerpt());
                default:
                    return new Reply(Reply.Kind.SERVER_ERROR, "unexpected message type '" + type + '\'', "",
                                     List.of(), seen.toString());
            }
        }
    }

    private static Reply refusal(String type, JsonNode json, String id, String seen) {
        final NativeErrorShape error = NativeErrorShape.of(json.get("error"));
        final List<String> problems = new ArrayList<>(error.problems());
        if (type.equals("chat.error") && !id.equals(json.path("id").asText())) {
            problems.add("chat.error without the request's id");
        }
        final boolean internal = error.grpcCode().equals("INTERNAL") || error.grpcCode().equals("UNKNOWN");
        return new Reply(internal ? Reply.Kind.SERVER_ERROR : Reply.Kind.REFUSAL, type + ' ' + error.grpcCode(),
                         error.message(), problems, seen);
    }

    private static Reply closed(HostileSocket.Incoming next, StringBuilder seen) {
        final WebSocketCloseStatus status = next.close().status();
        final String text = "close " + status.code() + ' ' + next.close().reasonPhrase();
        // 1007 (not UTF-8) and 1009 (too big) are the protocol's own refusals.
        final boolean refusal = status.code() == 1007 || status.code() == 1009;
        return new Reply(refusal ? Reply.Kind.REFUSAL : Reply.Kind.SERVER_ERROR, text,
                         refusal ? text : "", List.of(), seen + text);
    }
}
