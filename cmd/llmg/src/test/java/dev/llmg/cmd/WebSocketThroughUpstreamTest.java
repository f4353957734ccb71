package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The chat WebSocket through the gateway from a real OpenAI-compatible server on loopback: pieces as soon
 * as the provider sends them, chat.cancel and a closed or dropped socket cancelling the provider call, a
 * provider error as chat.error, and a client that stops reading stopping the provider.
 */
@Timeout(60)
class WebSocketThroughUpstreamTest {

    @RegisterExtension
    @Order(1)
    static final LoopbackUpstream upstream = new LoopbackUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(upstream::gatewayConfig);

    @BeforeEach
    void freshUpstream() {
        upstream.reset();
    }

    @Test
    void sendsEachPieceAsSoonAsTheProviderSendsIt() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("h", ask("gpt-4o-mini", "hold"));
        // The upstream holds its second event until we have the first: buffering anywhere would hang here.
        assertThat(ws.next().at("/chunk/choices/0/delta/content").asText()).isEqualTo("first ");
        upstream.allowSecondEvent();
        assertThat(ws.next().at("/chunk/choices/0/delta/content").asText()).isEqualTo("second");
        final List<JsonNode> rest = WebSocketTest.untilEnded(ws, "h").get("h");
        assertThat(rest.get(rest.size() - 1).path("type").asText()).isEqualTo("chat.done");
        ws.close();
    }

    @Test
    void chatCancelStopsTheProviderCall() throws Exception {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("h", ask("gpt-4o-mini", "hold"));
        assertThat(ws.next().path("type").asText()).isEqualTo("chat.chunk");

        ws.cancel("h");

        assertThat(ws.next().at("/error/grpc-code").asText()).isEqualTo("CANCELLED");
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
        ws.close();
    }

    @Test
    void closingTheSocketStopsTheProviderCall() throws Exception {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("h", ask("gpt-4o-mini", "hold"));
        ws.next();

        ws.close();

        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    @Test
    void droppingTheConnectionStopsTheProviderCall() throws Exception {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("h", ask("gpt-4o-mini", "hold"));
        ws.next();

        ws.drop();

        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    @Test
    void aProviderErrorEndsTheStreamWithChatError() {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        ws.request("r", ask("gpt-4o-mini", "rate-limit-me"));
        final JsonNode error = ws.next();
        assertThat(error.path("type").asText()).isEqualTo("chat.error");
        assertThat(error.path("id").asText()).isEqualTo("r");
        assertThat(error.at("/error/grpc-code").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(error.at("/error/details/0/retryAfter").asText()).isEqualTo("7s");
        ws.close();
    }

    /** As for SSE: a gateway that pulled regardless of its reader would drain the endless upstream. */
    @Test
    void aClientThatStopsReadingStopsTheProvider() throws Exception {
        final WsClient ws = WsClient.connect(gateway.httpUri()).readAtMost(1);
        ws.request("e", ask("gpt-4o-mini", "endless"));
        ws.next();
        final long limit = 20_000; // ~20 MiB of 1 KiB pieces, far beyond what the buffers between them hold
        // No timing is asserted: a correct gateway never reaches the limit, however long this waits.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (upstream.produced() < limit && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(upstream.produced()).as("pieces the upstream could send to a client that read one")
                                       .isLessThan(limit);
        ws.drop();
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }
}
