package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.websocket.WebSocketClientHandshakeException;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;

/**
 * The chat WebSocket on the real gateway with the simulator and the default {@code server.websocket}:
 * several streams on one socket, cancelling one, pings, bad messages, and the Origin check.
 */
@Timeout(30)
class WebSocketTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers:",
            "  simulator:",
            "    type: simulator",
            "  slow:",
            "    type: simulator",
            "    chunks_per_second: 4",
            "models:",
            "  - name: sim-echo",
            "    provider: simulator",
            "  - name: sim-slow",
            "    provider: slow",
            ""));

    @Test
    void twoStreamsOnOneSocketBothCompleteEachTaggedWithItsId() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("a", ask("sim-echo", "alpha beta gamma"));
        ws.request("b", ask("sim-echo", "one two three four"));

        final Map<String, List<JsonNode>> streams = untilEnded(ws, "a", "b");

        assertThat(textOf(streams.get("a"))).isEqualTo("alpha beta gamma");
        assertThat(textOf(streams.get("b"))).isEqualTo("one two three four");
        for (List<JsonNode> stream : streams.values()) {
            assertThat(stream.get(stream.size() - 1).path("type").asText()).isEqualTo("chat.done");
            final JsonNode last = lastChunk(stream);
            assertThat(last.at("/usage/outputTokens").asInt()).isPositive();
            assertThat(last.at("/gateway/provider").asText()).isEqualTo("simulator");
        }
        assertThat(lastChunk(streams.get("a")).at("/gateway/requestId").asText()).as("one request id per stream")
                .isNotEqualTo(lastChunk(streams.get("b")).at("/gateway/requestId").asText());
        ws.close();
    }

    @Test
    void aCancelEndsOneStreamWhileTheOtherCompletes() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("long", ask("sim-slow", "word ".repeat(200).trim())); // 50 s at 4 pieces a second
        final List<JsonNode> others = new ArrayList<>();
        JsonNode first;
        do {
            first = ws.next();
        } while (!first.path("id").asText().equals("long"));
        assertThat(first.path("type").asText()).isEqualTo("chat.chunk");

        ws.cancel("long");
        ws.request("short", ask("sim-echo", "still going"));

        final Map<String, List<JsonNode>> streams = untilEnded(ws, "long", "short");
        final JsonNode end = streams.get("long").get(streams.get("long").size() - 1);
        assertThat(end.path("type").asText()).isEqualTo("chat.error");
        assertThat(end.at("/error/code").asInt()).isEqualTo(1);
        assertThat(end.at("/error/grpc-code").asText()).isEqualTo("CANCELLED");
        assertThat(textOf(streams.get("short"))).isEqualTo("still going");
        ws.send("{\"type\":\"ping\",\"id\":\"after\"}");
        JsonNode next;
        while (!(next = ws.next()).path("type").asText().equals("pong")) {
            assertThat(next.path("id").asText()).as("nothing more of the cancelled stream").isNotEqualTo("long");
        }
        ws.close();
    }

    @Test
    void pingsAreAnsweredBothInTheProtocolAndAsWebSocketFrames() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.send("{\"type\":\"ping\",\"id\":\"p1\"}");
        assertThat(ws.next().toString()).isEqualTo("{\"type\":\"pong\",\"id\":\"p1\"}");

        ws.ping("are you there");
        final WebSocketFrame pong = ws.nextControlFrame();
        assertThat(pong.type()).isEqualTo(WebSocketFrameType.PONG);
        assertThat(new String(pong.array(), StandardCharsets.UTF_8)).isEqualTo("are you there");
        ws.close();
    }

    @Test
    void badMessagesAreAnsweredAndTheSocketStaysOpen() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.send("hello?");
        assertThat(ws.next().at("/error/message").asText()).contains("not valid JSON");
        ws.send("{\"type\":\"chat.request\",\"id\":\"m\",\"chat\":{\"model\":\"sim-echo\",\"messages\":[]}}");
        final JsonNode invalid = ws.next();
        assertThat(invalid.path("type").asText()).isEqualTo("chat.error");
        assertThat(invalid.at("/error/grpc-code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(invalid.at("/error/details/0/field").asText()).isEqualTo("messages");
        ws.request("n", ask("no-such-model", "hi"));
        final JsonNode notFound = ws.next();
        assertThat(notFound.at("/error/code").asInt()).isEqualTo(5);
        assertThat(notFound.at("/error/details/0/reason").asText()).isEqualTo("model_not_found");

        ws.request("ok", ask("sim-echo", "fine after all"));
        assertThat(textOf(untilEnded(ws, "ok").get("ok"))).isEqualTo("fine after all");
        ws.close();
    }

    @Test
    void aCancelWithoutAnIdIsAnsweredWithAnError() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.send("{\"type\":\"chat.cancel\"}");
        final JsonNode error = ws.next();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.has("id")).isFalse();
        assertThat(error.at("/error/grpc-code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.at("/error/details/0/field").asText()).isEqualTo("id");
        assertThat(error.at("/error/message").asText()).contains("chat.cancel");
        ws.close();
    }

    @Test
    void idsThatAreNotUnicodeAreRefusedAndOthersEchoedExactly() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        for (String message : List.of("{\"type\":\"ping\",\"id\":\"a\\ud800\"}",
                                      "{\"type\":\"chat.cancel\",\"id\":\"\\udc00\"}",
                                      "{\"type\":\"chat.request\",\"id\":\"x\\ud800\",\"chat\":{}}")) {
            final JsonNode error = ws.next(message);
            assertThat(error.path("type").asText()).as(message).isEqualTo("error");
            assertThat(error.has("id")).as("an id that cannot be echoed is left out").isFalse();
            assertThat(error.at("/error/details/0/field").asText()).isEqualTo("id");
            assertThat(error.at("/error/message").asText()).contains("Unicode");
        }
        // A character outside the BMP is a valid surrogate pair, and comes back as it went.
        final JsonNode pong = ws.next("{\"type\":\"ping\",\"id\":\"smile \\ud83d\\ude00 \u00e9\"}");
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("id").asText()).isEqualTo("smile \ud83d\ude00 \u00e9");
        ws.close();
    }

    @Test
    void closingTheSocketIsAnsweredWithACloseFrame() throws Exception {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("a", ask("sim-slow", "word ".repeat(200).trim()));
        ws.next();
        ws.close();
        final WebSocketFrame close = ws.nextControlFrame();
        assertThat(close.type()).isEqualTo(WebSocketFrameType.CLOSE);
        assertThat(((CloseWebSocketFrame) close).status()).isEqualTo(WebSocketCloseStatus.NORMAL_CLOSURE);
        assertThat(ws.closed().get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void onlyAllowedOriginsMayOpenASocket() {
        assertThat(handshakeStatus("https://evil.example")).isEqualTo(403);
        assertThat(handshakeStatus(null)).as("no Origin").isEqualTo(403);
        assertThat(handshakeStatus("http://localhost:5173")).as("a local page, allowed by default").isEqualTo(101);
        assertThat(handshakeStatus("http://127.0.0.1:3000")).isEqualTo(101);
    }

    @Test
    void aKeyInTheQueryIsAccepted() {
        final WsClient ws = WsClient.of(
                WsClient.handshake(gateway.httpUri(), WsClient.PATH + "?api_key=sk-browser", "http://localhost:8000")
                        .join());
        ws.request("k", ask("sim-echo", "keyed"));
        assertThat(textOf(untilEnded(ws, "k").get("k"))).isEqualTo("keyed");
        ws.close();
    }

    private static int handshakeStatus(String origin) {
        final Throwable failure = catchThrowable(() -> WsClient.of(
                WsClient.handshake(gateway.httpUri(), WsClient.PATH, origin).join()).close());
        if (failure == null) {
            return 101;
        }
        assertThat(failure).isInstanceOf(CompletionException.class)
                           .hasCauseInstanceOf(WebSocketClientHandshakeException.class);
        return ((WebSocketClientHandshakeException) failure.getCause()).headers().status().code();
    }

    /** Reads messages until every one of {@code ids} ended, and returns each stream's messages. */
    static Map<String, List<JsonNode>> untilEnded(WsClient ws, String... ids) {
        final Map<String, List<JsonNode>> streams = new HashMap<>();
        int open = ids.length;
        while (open > 0) {
            final JsonNode message = ws.next();
            final String id = message.path("id").asText();
            streams.computeIfAbsent(id, unused -> new ArrayList<>()).add(message);
            final String type = message.path("type").asText();
            if ((type.equals("chat.done") || type.equals("chat.error")) && List.of(ids).contains(id)) {
                open--;
            }
        }
        return streams;
    }

    static String textOf(List<JsonNode> stream) {
        final StringBuilder text = new StringBuilder();
        stream.forEach(message -> text.append(message.at("/chunk/choices/0/delta/content").asText()));
        return text.toString();
    }

    private static JsonNode lastChunk(List<JsonNode> stream) {
        return stream.get(stream.size() - 2).path("chunk");
    }
}
