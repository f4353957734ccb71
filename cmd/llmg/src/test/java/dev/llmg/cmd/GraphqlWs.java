package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrame;

/** A {@code graphql-transport-ws} client of {@code /graphql} for tests, on {@link WsClient}'s frame handling. */
final class GraphqlWs {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ORIGIN = "http://localhost:8000";

    private final WsClient ws;

    private GraphqlWs(WsClient ws) {
        this.ws = ws;
    }

    /** Starts the handshake asking for the {@code graphql-transport-ws} subprotocol. */
    static CompletableFuture<WebSocketSession> handshake(URI gateway, String path) {
        final WebSocketClient client = WebSocketClient.builder(gateway).subprotocols("graphql-transport-ws")
                                                      .autoFillOriginHeader(false).build();
        return client.connect(path, HttpHeaders.of(HttpHeaderNames.ORIGIN, ORIGIN));
    }

    /** Opens a socket without sending anything. */
    static GraphqlWs open(URI gateway) {
        return new GraphqlWs(WsClient.of(handshake(gateway, "/graphql").join()));
    }

    /** Opens a socket and initialises it with {@code payload}, expecting {@code connection_ack}. */
    static GraphqlWs connect(URI gateway, Map<String, Object> payload) {
        final GraphqlWs ws = open(gateway);
        ws.send(Map.of("type", "connection_init", "payload", payload));
        assertThat(ws.next().path("type").asText()).isEqualTo("connection_ack");
        return ws;
    }

    /** Returns the underlying frame client (to read control frames, drop the connection). */
    WsClient frames() {
        return ws;
    }

    void send(Map<String, Object> message) {
        try {
            ws.send(JSON.writeValueAsString(message));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sends {@code subscribe} for {@code query} with {@code variables}. */
    void subscribe(String id, String query, Map<String, Object> variables) {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables)));
    }

    /** Sends {@code complete} for {@code id}. */
    void complete(String id) {
        send(Map.of("id", id, "type", "complete"));
    }

    JsonNode next() {
        return ws.next();
    }

    /** Returns the close frame the gateway closed the socket with. */
    CloseWebSocketFrame closeFrame() {
        while (true) {
            final WebSocketFrame frame = ws.nextControlFrame();
            assertThat(frame).as("a close frame").isNotNull();
            if (frame instanceof CloseWebSocketFrame) {
                return (CloseWebSocketFrame) frame;
            }
        }
    }

    void close() {
        ws.close();
    }
}
