package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.BreakerState;
import dev.llmg.api.gateway.v1.ListTargetsRequest;
import dev.llmg.api.gateway.v1.ListTargetsResponse;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc;
import dev.llmg.api.gateway.v1.TargetStatus;

/**
 * {@code GET /api/v1/routing/targets} and {@code RoutingService.ListTargets} show every target with the health
 * routing acts on: a target that keeps refusing connections has its breaker open there, and the group's
 * other target keeps answering.
 */
class RoutingTargetsTest {

    private static final int CLOSED_PORT = closedPort();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers:",
            "  simulator:",
            "    type: simulator",
            "  down:",
            "    type: openai",
            "    base_url: http://127.0.0.1:" + CLOSED_PORT + "/v1",
            "    api_key: sk-never-used",
            "  keyless:",
            "    type: openai",
            "    api_key: env:LLMG_TEST_UNSET_KEY",
            "models:",
            "  - name: chat",
            "    strategy: priority",
            "    targets:",
            "      - {provider: down, model: gpt-4o-mini}",
            "      - {provider: simulator, model: sim-echo}",
            "  - name: keyless-model",
            "    provider: keyless",
            "routing:",
            "  retry: {attempts: 1}",
            "  breaker: {consecutive_failures: 2, cool_down: 1m}",
            ""));

    @Test
    void everyTargetIsListedWithItsHealthAndABrokenOneHasItsBreakerOpen() throws Exception {
        for (int i = 0; i < 3; i++) {
            final AggregatedHttpResponse answer = WebClient.of(gateway.httpUri()).prepare()
                    .post("/api/v1/chat/completions").content(MediaType.JSON_UTF_8,
                                                             JsonFormat.printer().print(ask("chat", "hello")))
                    .execute().aggregate().join();
            assertThat(answer.status().code()).as("the simulator answers whatever happens to the other target")
                                              .isEqualTo(200);
        }

        final ListTargetsResponse listed = GrpcClients.newClient(gateway.httpUri(),
                RoutingServiceGrpc.RoutingServiceBlockingStub.class).listTargets(ListTargetsRequest.getDefaultInstance());
        assertThat(listed.getTargetsList()).extracting(status -> status.getTarget().getProvider())
                                           .containsExactly("down", "keyless", "simulator");
        final TargetStatus down = listed.getTargets(0);
        assertThat(down.getModelsList()).containsExactly("chat");
        assertThat(down.getBreaker()).isEqualTo(BreakerState.BREAKER_STATE_OPEN);
        assertThat(down.getErrorRate()).isGreaterThanOrEqualTo(0);
        final TargetStatus keyless = listed.getTargets(1);
        assertThat(keyless.getAvailable()).isFalse();
        assertThat(keyless.getUnavailableReason()).contains("LLMG_TEST_UNSET_KEY");
        final TargetStatus simulator = listed.getTargets(2);
        assertThat(simulator.getBreaker()).isEqualTo(BreakerState.BREAKER_STATE_CLOSED);
        assertThat(simulator.hasLatency()).isTrue();
        assertThat(simulator.getInFlight()).isZero();

        final JsonNode rest = new ObjectMapper().readTree(WebClient.of(gateway.httpUri()).get("/api/v1/routing/targets")
                                                                   .aggregate().join().contentUtf8());
        assertThat(rest.path("targets").get(0).path("breaker").asText()).isEqualTo("BREAKER_STATE_OPEN");
        assertThat(rest.path("targets").get(2).path("target").path("model").asText()).isEqualTo("sim-echo");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free once closed: connections to it are refused
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
