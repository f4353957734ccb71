package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;

/**
 * {@code Subscription.chatCompletionStream} over a real WebSocket with the {@code graphql-transport-ws} protocol,
 * through a real OpenAI-compatible server on loopback: pieces as the provider sends them (never buffered), a
 * client's {@code complete} or a closed socket cancelling the provider's stream, provider errors as
 * {@code error} messages, and the protocol's rules (connection_init, ping/pong, its close codes).
 */
@Timeout(60)
class GraphqlSubscriptionTest {

    @RegisterExtension
    @Order(1)
    static final LoopbackUpstream upstream = new LoopbackUpstream();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> upstream.gatewayConfig()
            + "server: {graphql: {connection_init_timeout: 300ms}}\n");

    private static final String STREAM = "subscription S($input: ChatInput!) { chatCompletionStream(input: $input)"
            + " { id choices { index delta { content } finishReason } usage { outputTokens } } }";

    private static Map<String, Object> ask(String text) {
        return Map.of("input", Map.of("model", "gpt-4o-mini", "messages", List.of(
                Map.of("role", "ROLE_USER", "content", List.of(Map.of("text", text))))));
    }

    @BeforeEach
    void freshUpstream() {
        upstream.reset();
    }

    @Test
    void streamsEachPieceAsSoonAsTheProviderSendsIt() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("1", STREAM, ask("hold"));
        // The upstream holds its second event until we have the first: buffering anywhere would hang here.
        final JsonNode first = ws.next();
        assertThat(first.path("type").asText()).isEqualTo("next");
        assertThat(first.path("id").asText()).isEqualTo("1");
        assertThat(first.at("/payload/data/chatCompletionStream/choices/0/delta/content").asText())
                .isEqualTo("first ");
        upstream.allowSecondEvent();
        assertThat(ws.next().at("/payload/data/chatCompletionStream/choices/0/delta/content").asText())
                .isEqualTo("second");
        JsonNode message = ws.next();
        while (message.path("type").asText().equals("next")) {
            message = ws.next();
        }
        assertThat(message.path("type").asText()).isEqualTo("complete");
        assertThat(message.path("id").asText()).isEqualTo("1");
        ws.close();
    }

    @Test
    void aClientCompleteCancelsTheProviderStream() throws Exception {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("1", STREAM, ask("hold"));
        assertThat(ws.next().path("type").asText()).isEqualTo("next");
        ws.complete("1");
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
        // The socket goes on: a new operation runs on it.
        ws.send(Map.of("type", "ping"));
        assertThat(ws.next().path("type").asText()).isEqualTo("pong");
        ws.close();
    }

    @Test
    void closingTheSocketCancelsTheProviderStream() throws Exception {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("1", STREAM, ask("hold"));
        ws.next();
        ws.close();
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    /** A gateway (or graphql-java) that pulled regardless of its reader would drain the endless upstream. */
    @Test
    void aClientThatStopsReadingStopsTheProvider() throws Exception {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.frames().readAtMost(2); // connection_ack, already read, and one next
        ws.subscribe("e", STREAM, ask("endless"));
        assertThat(ws.next().path("type").asText()).isEqualTo("next");
        final long limit = 20_000; // ~20 MiB of 1 KiB pieces, far beyond what the buffers between them hold
        // No timing is asserted: a correct gateway never reaches the limit, however long this waits.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (upstream.produced() < limit && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(upstream.produced()).as("pieces the upstream could send to a client that read one")
                                       .isLessThan(limit);
        ws.frames().drop();
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    @Test
    void aProviderErrorIsAnErrorMessageWithItsCode() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("r", STREAM, ask("rate-limit-me"));
        final JsonNode error = ws.next();
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("id").asText()).isEqualTo("r");
        assertThat(error.at("/payload/0/extensions/code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.toString()).doesNotContain("Exception");
        ws.close();
    }

    @Test
    void anUnknownModelAndAnInvalidDocumentAreErrorMessages() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("m", STREAM, Map.of("input", Map.of("model", "nope", "messages", List.of(
                Map.of("role", "ROLE_USER", "content", List.of(Map.of("text", "hi")))))));
        final JsonNode unknown = ws.next();
        assertThat(unknown.path("type").asText()).isEqualTo("error");
        assertThat(unknown.at("/payload/0/extensions/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(unknown.at("/payload/0/message").asText()).contains("nope");
        // The failed operation is over: its id may be used again.
        ws.subscribe("m", STREAM, ask("rate-limit-me"));
        final JsonNode again = ws.next();
        assertThat(again.path("id").asText()).isEqualTo("m");
        assertThat(again.at("/payload/0/extensions/code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        ws.subscribe("v", "subscription { chatCompletionStream { id } }", Map.of());
        final JsonNode invalid = ws.next();
        assertThat(invalid.path("type").asText()).isEqualTo("error");
        assertThat(invalid.at("/payload/0/extensions/code").asText()).isEqualTo("INVALID_ARGUMENT");
        ws.close();
    }

    @Test
    void aQueryOverTheSocketIsOneNextThenComplete() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("q", "{ models { models { id } } }", Map.of());
        final JsonNode next = ws.next();
        assertThat(next.path("type").asText()).isEqualTo("next");
        assertThat(next.at("/payload/data/models/models/0/id").asText()).isEqualTo("gpt-4o-mini");
        assertThat(ws.next().path("type").asText()).isEqualTo("complete");
        ws.close();
    }

    @Test
    void subscribingBeforeConnectionInitCloses4401() {
        final GraphqlWs ws = GraphqlWs.open(gateway.httpUri());
        ws.subscribe("1", STREAM, ask("hi"));
        assertThat(ws.closeFrame().status().code()).isEqualTo(4401);
    }

    @Test
    void aSecondConnectionInitCloses4429() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.send(Map.of("type", "connection_init"));
        assertThat(ws.closeFrame().status().code()).isEqualTo(4429);
    }

    @Test
    void noConnectionInitInTimeCloses4408() {
        final GraphqlWs ws = GraphqlWs.open(gateway.httpUri());
        final CloseWebSocketFrame close = ws.closeFrame();
        assertThat(close.status().code()).isEqualTo(4408);
    }

    @Test
    void aDuplicateIdCloses4409() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.subscribe("1", STREAM, ask("hold"));
        ws.next();
        ws.subscribe("1", STREAM, ask("hold"));
        assertThat(ws.closeFrame().status().code()).isEqualTo(4409);
    }

    @Test
    void anInvalidMessageCloses4400() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.frames().send("not json");
        assertThat(ws.closeFrame().status().code()).isEqualTo(4400);
    }

    @Test
    void aSubscribeWithoutAQueryCloses4400() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of());
        ws.send(Map.of("id", "1", "type", "subscribe", "payload", Map.of("variables", Map.of())));
        assertThat(ws.closeFrame().status().code()).isEqualTo(4400);
    }

    @Test
    void anUpgradeWithoutTheSubprotocolOrFromAnotherOriginIsRefused() {
        final com.linecorp.armeria.client.websocket.WebSocketClient plain =
                com.linecorp.armeria.client.websocket.WebSocketClient.builder(gateway.httpUri())
                        .subprotocols("graphql-transport-ws").build();
        // Armeria fills in the gateway's own origin, which the default allowlist (localhost) accepts; a
        // foreign one is refused with 403.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.connect("/graphql",
                com.linecorp.armeria.common.HttpHeaders.of(com.linecorp.armeria.common.HttpHeaderNames.ORIGIN,
                                                           "https://evil.example")).join())
                .hasMessageContaining("403");
    }
}
