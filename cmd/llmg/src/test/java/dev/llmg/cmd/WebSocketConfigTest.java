package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.websocket.WebSocketClientHandshakeException;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;

/**
 * The chat WebSocket as {@code server.websocket} configures it: its own origin allowlist instead of the
 * local default, pings from the gateway, a client that never answers them closed for idleness, a message
 * over the size limit closing the socket, and sockets not bound by {@code server.request_timeout}.
 */
@Timeout(30)
class WebSocketConfigTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "server:",
            "  request_timeout: 500ms", // for HTTP calls; sockets must outlive it
            "  websocket:",
            "    allowed_origins: [https://app.example.com]",
            "    ping_interval: 200ms",
            "    idle_timeout: 1s",
            "    max_message_length: 1KiB",
            "") + TestGateway.SIMULATOR_ONLY);

    @Test
    void theConfiguredOriginMayConnectAndLocalPagesMayNot() {
        final WsClient ws = WsClient.of(WsClient.handshake(gateway.httpUri(), WsClient.PATH,
                                                           "https://app.example.com").join());
        ws.request("a", ask("sim-echo", "from the app"));
        assertThat(WebSocketTest.textOf(WebSocketTest.untilEnded(ws, "a").get("a"))).isEqualTo("from the app");
        ws.close();

        final Throwable refused = catchThrowable(
                () -> WsClient.handshake(gateway.httpUri(), WsClient.PATH, "http://localhost:3000").join());
        assertThat(((WebSocketClientHandshakeException) refused.getCause()).headers().status().code()).isEqualTo(403);
    }

    @Test
    void aSocketOutlivesTheRequestTimeoutWhileTheClientTalks() throws Exception {
        final WsClient ws = WsClient.of(WsClient.handshake(gateway.httpUri(), WsClient.PATH,
                                                           "https://app.example.com").join());
        for (int i = 0; i < 6; i++) { // 1.2 s, more than server.request_timeout
            ws.send("{\"type\":\"ping\",\"id\":\"" + i + "\"}");
            assertThat(ws.next().toString()).isEqualTo("{\"type\":\"pong\",\"id\":\"" + i + "\"}");
            Thread.sleep(200);
        }
        ws.close();
    }

    @Test
    void theGatewayPingsAndClosesAClientThatNeverAnswers() throws Exception {
        // Armeria's client does not answer pings by itself: this client is silent, as a vanished peer would be.
        final WsClient ws = WsClient.of(WsClient.handshake(gateway.httpUri(), WsClient.PATH,
                                                           "https://app.example.com").join());
        final WebSocketFrame ping = ws.nextControlFrame();
        assertThat(ping.type()).isEqualTo(WebSocketFrameType.PING);

        WebSocketFrame frame;
        do {
            frame = ws.nextControlFrame();
        } while (frame.type() == WebSocketFrameType.PING);
        assertThat(frame.type()).as("closed for idleness after idle_timeout").isEqualTo(WebSocketFrameType.CLOSE);
        assertThat(((CloseWebSocketFrame) frame).status()).isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        assertThat(((CloseWebSocketFrame) frame).reasonPhrase()).contains("idle_timeout");
        ws.closed().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageOverTheLimitClosesTheSocket() throws Exception {
        final WsClient ws = WsClient.of(WsClient.handshake(gateway.httpUri(), WsClient.PATH,
                                                           "https://app.example.com").join());
        ws.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(2000) + "\"}");
        WebSocketFrame frame;
        do {
            frame = ws.nextControlFrame();
        } while (frame.type() == WebSocketFrameType.PING);
        assertThat(frame.type()).isEqualTo(WebSocketFrameType.CLOSE);
        assertThat(((CloseWebSocketFrame) frame).status()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG);
        ws.closed().get(10, TimeUnit.SECONDS);
    }
}
