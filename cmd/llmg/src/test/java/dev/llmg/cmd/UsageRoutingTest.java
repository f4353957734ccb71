package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.internal.testing.PostgresServer;

/**
 * {@code GET /api/v1/usage} by the minute over calls a real gateway made and recorded, on H2 and on a real
 * PostgreSQL: a model whose only target refuses connections is retried and falls back to the simulator, and the
 * report's retries and fallbacks are those the answers' routing decisions tell; a streamed call has its time to
 * first piece; every call its overhead; and a minute report over more than 7 days is a 400 naming the limit.
 */
class UsageRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLOSED_PORT = closedPort();

    @RegisterExtension
    @Order(1)
    static final TestGateway h2 = new TestGateway(() -> config(
            "jdbc:h2:mem:usage-routing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));

    @RegisterExtension
    @Order(2)
    static final TestGateway postgres = new TestGateway(() -> config(PostgresServer.shared().newDatabase()));

    private static String config(String database) {
        return String.join("\n",
                "providers:",
                "  simulator: {type: simulator}",
                "  down: {type: openai, base_url: \"http://127.0.0.1:" + CLOSED_PORT + "/v1\", api_key: sk-unused}",
                "models:",
                "  - name: sim-echo",
                "    provider: simulator",
                "  - name: primary",
                "    provider: down",
                "    provider_model: gpt-4o-mini",
                "    fallbacks: [sim-echo]",
                "routing:",
                "  retry: {attempts: 2, backoff: 0s, max_backoff: 0s}",
                // Every call must meet the refusing target: no breaker opens.
                "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
                "storage: {url: \"" + database + "\"}",
                "tracking: {spill_dir: target/usage-routing-spill, flush_interval: 20ms}",
                "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "h2", "postgres" })
    void minuteRowsCountRetriesFallbacksFirstPiecesAndOverhead(String backend) throws Exception {
        final TestGateway gateway = "h2".equals(backend) ? h2 : postgres;
        final Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        final ChatServiceGrpc.ChatServiceBlockingStub chat =
                GrpcClients.newClient(gateway.httpUri(), ChatServiceGrpc.ChatServiceBlockingStub.class);
        long retries = 0;
        for (int i = 0; i < 3; i++) {
            final RoutingDecision routing = chat.createChatCompletion(
                    CreateChatCompletionRequest.newBuilder().setChat(ask("primary", "hello")).build())
                                                .getGateway().getRouting();
            assertThat(routing.getFallbacksList()).as("answered by the fallback").containsExactly("sim-echo");
            assertThat(routing.getAttemptsCount()).isGreaterThanOrEqualTo(2);
            retries += routing.getAttemptsCount() - 1;
        }
        final AggregatedHttpResponse streamed = WebClient.of(gateway.httpUri()).prepare()
                .post("/v1/chat/completions")
                .content(MediaType.JSON_UTF_8, "{\"model\": \"sim-echo\", \"stream\": true, "
                                               + "\"messages\": [{\"role\": \"user\", \"content\": \"hi there\"}]}")
                .execute().aggregate().join();
        assertThat(streamed.status().code()).isEqualTo(200);
        chat.createChatCompletion(CreateChatCompletionRequest.newBuilder().setChat(ask("sim-echo", "hi")).build());

        final String query = "/api/v1/usage?start_time=" + start.minus(1, ChronoUnit.MINUTES) + "&end_time="
                             + start.plus(10, ChronoUnit.MINUTES)
                             + "&group_by=USAGE_GROUP_BY_MODEL&bucket=USAGE_BUCKET_MINUTE";
        final Map<String, Map<String, Long>> sums = waitForRequests(gateway, query, 5);

        assertThat(sums.get("primary")).containsEntry("requests", 3L).containsEntry("retries", retries)
                                       .containsEntry("fallbacks", 3L).containsEntry("streamed", 0L)
                                       .containsEntry("firstPieces", 0L);
        assertThat(sums.get("sim-echo")).containsEntry("requests", 2L).containsEntry("retries", 0L)
                                        .containsEntry("fallbacks", 0L).containsEntry("streamed", 1L)
                                        .containsEntry("firstPieces", 1L);

        final AggregatedHttpResponse tooLong = WebClient.of(gateway.httpUri()).get(
                "/api/v1/usage?start_time=2026-01-01T00:00:00Z&end_time=2026-01-08T00:00:01Z"
                + "&bucket=USAGE_BUCKET_MINUTE").aggregate().join();
        assertThat(tooLong.status().code()).as(tooLong.contentUtf8()).isEqualTo(400);
        final JsonNode error = JSON.readTree(tooLong.contentUtf8());
        assertThat(error.path("message").asText()).contains("at most 7 days");
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo("start_time");
    }

    /**
     * Polls the report until it counts {@code requests} calls (records are written behind the calls), checking
     * every row on the way, and returns per key the sums of requests, retries, fallbacks, streamed calls and rows
     * with a time to first piece.
     */
    private static Map<String, Map<String, Long>> waitForRequests(TestGateway gateway, String query, long requests)
            throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            final AggregatedHttpResponse answer = WebClient.of(gateway.httpUri()).get(query).aggregate().join();
            assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(200);
            final Map<String, Map<String, Long>> sums = new HashMap<>();
            long total = 0;
            for (JsonNode row : JSON.readTree(answer.contentUtf8()).path("rows")) {
                assertThat(Instant.parse(row.path("bucketStart").asText()).getEpochSecond() % 60)
                        .as("buckets start on the minute").isZero();
                assertThat(row.has("overheadP50")).as("every call has an overhead: " + row).isTrue();
                final Map<String, Long> sum = sums.computeIfAbsent(row.path("key").asText(), key -> new HashMap<>());
                sum.merge("requests", row.path("requests").asLong(), Long::sum);
                sum.merge("retries", row.path("retries").asLong(), Long::sum);
                sum.merge("fallbacks", row.path("fallbacks").asLong(), Long::sum);
                sum.merge("streamed", row.path("streamed").asLong(), Long::sum);
                sum.merge("firstPieces", row.has("firstPieceP50") ? 1L : 0L, Long::sum);
                total += row.path("requests").asLong();
            }
            if (total >= requests) {
                assertThat(total).isEqualTo(requests);
                return sums;
            }
            assertThat(System.nanoTime()).as("waiting for " + requests + " recorded calls").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // free once closed: connections to it are refused
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
