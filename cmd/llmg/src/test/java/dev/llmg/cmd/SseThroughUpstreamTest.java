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

import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.FinishReason;

/**
 * Server-Sent Events through the gateway from a real OpenAI-compatible server on loopback: each event as
 * soon as the provider sends it, a closed connection cancelling the provider call, errors before and after
 * the first event, and a client that stops reading stopping the provider.
 */
class SseThroughUpstreamTest {

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
    @Timeout(20)
    void sendsEachEventAsSoonAsTheProviderSendsIt() {
        final SseReader reader = SseReader.post(gateway.httpUri(), request("hold"));
        // The upstream holds its second event until we have the first: buffering anywhere would hang here.
        assertThat(reader.next().piece().getChoices(0).getDelta().getContent()).isEqualTo("first ");
        upstream.allowSecondEvent();
        assertThat(reader.next().piece().getChoices(0).getDelta().getContent()).isEqualTo("second");
        final List<SseReader.Event> rest = reader.rest();
        assertThat(rest.get(rest.size() - 2).piece().getGateway().getProvider()).isEqualTo("openai");
        assertThat(rest.get(rest.size() - 1).name()).isEqualTo("done");
    }

    @Test
    @Timeout(20)
    void closingTheConnectionStopsTheProviderCall() throws Exception {
        final SseReader reader = SseReader.post(gateway.httpUri(), request("hold"));
        assertThat(reader.next().piece().getChoices(0).getDelta().getContent()).isEqualTo("first ");

        reader.cancel();

        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    @Test
    void aProviderErrorBeforeTheFirstEventIsAnHttpStatusWithTheJsonError() {
        final AggregatedHttpResponse response =
                SseReader.postWhole(gateway.httpUri(), MediaType.JSON_UTF_8, request("rate-limit-me"));
        assertThat(response.status().code()).isEqualTo(429);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).contains("\"code\":8", "\"grpc-code\":\"RESOURCE_EXHAUSTED\"",
                                                    "Rate limit reached for requests", "\"retryAfter\":\"7s\"",
                                                    "\"providerStatus\":429");
    }

    @Test
    @Timeout(20)
    void aProviderErrorAfterTheFirstEventIsAnErrorPieceAnErrorEventThenTheEnd() {
        final SseReader reader = SseReader.post(gateway.httpUri(), request("break-after-first"));
        assertThat(reader.headers().status().code()).isEqualTo(200);
        assertThat(reader.next().piece().getChoices(0).getDelta().getContent()).isEqualTo("first ");
        final List<SseReader.Event> rest = reader.rest();
        assertThat(rest).hasSize(2);
        assertThat(rest.get(0).piece().getChoices(0).getFinishReason())
                .as("the answer says it ended in an error, with the gateway's metadata")
                .isEqualTo(FinishReason.FINISH_REASON_ERROR);
        assertThat(rest.get(0).piece().getGateway().getAttempts()).isEqualTo(1);
        assertThat(rest.get(1).name()).isEqualTo("error");
        assertThat(rest.get(1).data()).startsWith("{\"code\":").contains("\"grpc-code\":", "\"message\":");
    }

    /**
     * The upstream writes an event only once the previous one was consumed, for ever. If the gateway asked
     * for pieces regardless of its reader, the upstream would be drained into the gateway's memory at
     * loopback speed; paced by the reader, it stops once the sockets' buffers between them are full.
     */
    @Test
    @Timeout(60)
    void aClientThatStopsReadingStopsTheProvider() throws Exception {
        final SseReader reader = SseReader.post(gateway.httpUri(), request("endless")).readAtMost(1);
        reader.next();
        // ~20 MiB of 1 KiB events: ten times what the buffers between them held here (about 1,800 events).
        final long limit = 20_000;
        // No timing is asserted: a correct gateway never reaches the limit, however long this waits.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (upstream.produced() < limit && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(upstream.produced()).as("events the upstream could send to a client that read one")
                                       .isLessThan(limit);
        reader.cancel();
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    private static String request(String text) {
        try {
            return JsonFormat.printer().print(ask("gpt-4o-mini", text));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
