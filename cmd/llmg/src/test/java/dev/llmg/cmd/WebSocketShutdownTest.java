package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.server.Server;

import dev.llmg.internal.config.ConfigLoader;

/**
 * Stopping the server (SIGTERM in {@code main}) closes chat WebSockets with 1001 (going away): idle ones at
 * once, busy ones once their streams in flight ended; a closing socket refuses new streams. The graceful
 * shutdown timeout is long (20 s) so that a socket left open would show as a slow stop.
 */
@Timeout(60)
class WebSocketShutdownTest {

    private final Server server = LlmgComponent.create(new ConfigLoader(Map.of()).parse(String.join("\n",
            "server: {port: 0, graceful_shutdown: {quiet_period: 200ms, timeout: 20s}}",
            "auth: {required: false}",
            "providers: {simulator: {type: simulator}, slow: {type: simulator, chunks_per_second: 8}}",
            "models: [{name: sim-echo, provider: simulator}, {name: sim-slow, provider: slow}]", ""))).server();

    @AfterEach
    void stop() {
        server.stop().join();
    }

    @Test
    void anIdleSocketIsClosedWithGoingAwayAtOnce() throws Exception {
        final WsClient ws = WsClient.connect(start());
        ws.request("warm", ask("sim-echo", "one stream before"));
        WebSocketTest.untilEnded(ws, "warm");

        final long stopping = System.nanoTime();
        final CompletableFuture<Void> stopped = server.stop();

        final WebSocketFrame close = ws.nextControlFrame();
        assertThat(close.type()).isEqualTo(WebSocketFrameType.CLOSE);
        assertThat(((CloseWebSocketFrame) close).status()).isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping)).as("ms to the close frame")
                                                                               .isLessThan(2_000);
        ws.close(); // the client's half of the closing handshake
        stopped.get(15, TimeUnit.SECONDS);
        // Armeria's WebSocket client ends its side of the exchange 5 s after the closing handshake (its
        // request auto-abort delay), and the stop waits for that; a socket left open would hold it 20 s.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping)).as("ms to stop, not 20 s")
                                                                               .isLessThan(12_000);
    }

    @Test
    void aBusySocketFinishesItsStreamThenClosesAndRefusesNewStreams() throws Exception {
        final URI uri = start();
        final WsClient busy = WsClient.connect(uri);
        final WsClient idle = WsClient.connect(uri);
        busy.request("long", ask("sim-slow", "one two three four five six seven eight nine ten"));
        final JsonNode first = busy.next();
        assertThat(first.path("type").asText()).isEqualTo("chat.chunk");

        final CompletableFuture<Void> stopped = server.stop();
        // Once the idle socket heard of the stop, the busy one has too: both are told together.
        assertThat(idle.nextControlFrame().type()).isEqualTo(WebSocketFrameType.CLOSE);
        idle.close();
        busy.request("late", ask("sim-echo", "too late"));

        final List<JsonNode> others = new ArrayList<>();
        final List<JsonNode> stream = busy.streamOf("long", others);
        assertThat(stream.get(stream.size() - 1).path("type").asText()).as("the stream in flight ends well")
                                                                       .isEqualTo("chat.done");
        assertThat(WebSocketTest.textOf(List.of(first)) + WebSocketTest.textOf(stream))
                .isEqualTo("one two three four five six seven eight nine ten");
        assertThat(others).as("the late request is refused, not started").singleElement().satisfies(late -> {
            assertThat(late.path("type").asText()).isEqualTo("chat.error");
            assertThat(late.path("id").asText()).isEqualTo("late");
            assertThat(late.at("/error/grpc-code").asText()).isEqualTo("UNAVAILABLE");
            assertThat(late.at("/error/message").asText()).contains("shutting down");
        });
        final WebSocketFrame close = busy.nextControlFrame();
        assertThat(close.type()).isEqualTo(WebSocketFrameType.CLOSE);
        assertThat(((CloseWebSocketFrame) close).status()).isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        busy.close();
        stopped.get(15, TimeUnit.SECONDS);
    }

    private URI start() {
        server.start().join();
        return URI.create("http://127.0.0.1:" + server.activeLocalPort());
    }
}
