package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

/**
 * A few thousand calls through the real gateway over gRPC, unary and streamed, many failing over from a
 * target that answers every third request with 503 to a second one, some cancelled by the caller while the provider thinks:
 * afterwards the database holds exactly one record per call and one per attempt, with the outcome each call
 * had. Records are read with plain SQL, not through llmg.
 */
@Timeout(240)
class TrackingLoadTest {

    /** Calls that are answered: every other one streamed. */
    private static final int CALLS = 2_400;
    private static final int CANCELLED = 60;
    private static final String DATABASE = "jdbc:h2:mem:tracking-load-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream flaky = new FaultyUpstream("flaky");

    @RegisterExtension
    @Order(2)
    static final FaultyUpstream steady = new FaultyUpstream("steady");

    @RegisterExtension
    @Order(3)
    static final FaultyUpstream slow = new FaultyUpstream("slow");

    @RegisterExtension
    @Order(4)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            flaky.providerYaml("flaky") + steady.providerYaml("steady") + slow.providerYaml("slow"),
            "models:",
            "  - name: chat",
            "    strategy: priority",
            "    targets:",
            "      - {provider: flaky, model: gpt-4o-mini}",
            "      - {provider: steady, model: gpt-4o-mini}",
            "  - name: thinking",
            "    targets: [{provider: slow, model: gpt-4o-mini}]",
            "routing:",
            "  retry: {attempts: 2, backoff: 0ms}",
            "  retry_budget: {ratio: 10, min_per_second: 100000}",
            "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
            "storage:",
            "  url: \"" + DATABASE + "\"",
            "tracking:",
            "  spill_dir: target/tracking-load-spill",
            "  flush_interval: 20ms",
            ""));

    @Test
    void everyCallAndEveryAttemptIsRecordedOnce() throws Exception {
        flaky.pattern(Fault.status(503), Fault.ok(), Fault.ok());
        steady.always(Fault.ok());
        slow.always(Fault.slow(Duration.ofSeconds(5)));
        final ChatServiceGrpc.ChatServiceStub stub = GrpcClients.newClient(gateway.httpUri(),
                                                                           ChatServiceGrpc.ChatServiceStub.class);
        final Map<String, GatewayMetadata> answered = new ConcurrentHashMap<>();
        final AtomicInteger failed = new AtomicInteger();
        final Semaphore inFlight = new Semaphore(32);
        final CountDownLatch done = new CountDownLatch(CALLS);
        for (int i = 0; i < CALLS; i++) {
            inFlight.acquire();
            final boolean streamed = i % 2 == 1;
            final StreamObserver<Object> observer = new StreamObserver<>() {
                private GatewayMetadata gatewayMetadata;

                @Override
                public void onNext(Object value) {
                    if (value instanceof CreateChatCompletionResponse answer) {
                        gatewayMetadata = answer.getGateway();
                    } else if (((StreamChatCompletionResponse) value).hasGateway()) {
                        gatewayMetadata = ((StreamChatCompletionResponse) value).getGateway();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failed.incrementAndGet();
                    inFlight.release();
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    answered.put(gatewayMetadata.getRequestId(), gatewayMetadata);
                    inFlight.release();
                    done.countDown();
                }
            };
            if (streamed) {
                stub.streamChatCompletion(StreamChatCompletionRequest.newBuilder().setChat(ask("chat", "s" + i)).build(),
                                          cast(observer));
            } else {
                stub.createChatCompletion(CreateChatCompletionRequest.newBuilder().setChat(ask("chat", "u" + i)).build(),
                                          cast(observer));
            }
        }
        cancelWhileTheProviderThinks(stub);
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(failed).hasValue(0);
        assertThat(answered).hasSize(CALLS);
        assertThat(answered.values().stream().filter(meta -> meta.getAttempts() == 2).count())
                .as("many calls fail over").isGreaterThan(CALLS / 10);

        final int total = CALLS + CANCELLED;
        try (Connection db = DriverManager.getConnection(DATABASE)) {
            waitForRows(db, total);
            assertThat(count(db, "SELECT COUNT(*) FROM inferences")).isEqualTo(total);
            assertThat(count(db, "SELECT COUNT(DISTINCT id) FROM inferences")).isEqualTo(total);
            assertThat(count(db, "SELECT COUNT(*) FROM inferences WHERE status = 'CANCELLED'"))
                    .as("cancelled calls; those to 'thinking' ended as %s", statuses(db, "thinking")).isEqualTo(CANCELLED);
            assertThat(count(db, "SELECT COUNT(*) FROM inferences WHERE streamed")).isEqualTo(CALLS / 2 + CANCELLED);
            final long expectedAttempts = answered.values().stream().mapToLong(GatewayMetadata::getAttempts).sum()
                                          + CANCELLED;
            assertThat(count(db, "SELECT COUNT(*) FROM inference_attempts")).isEqualTo(expectedAttempts);
            final Map<String, List<String>> outcomes = attemptOutcomes(db);
            for (Map.Entry<String, GatewayMetadata> call : answered.entrySet()) {
                final List<String> expected = new ArrayList<>();
                for (RoutingAttempt attempt : call.getValue().getRouting().getAttemptsList()) {
                    expected.add(attempt.getTarget().getProvider() + ":" + outcomeOf(attempt));
                }
                assertThat(outcomes.get(call.getKey())).as("attempts of %s", call.getKey()).isEqualTo(expected);
            }
            assertThat(count(db, "SELECT COUNT(*) FROM inferences WHERE status = 'OK' AND provider = 'steady' "
                                 + "AND input_tokens IS NOT NULL AND latency_micros > 0"))
                    .isEqualTo(answered.values().stream().filter(meta -> meta.getProvider().equals("steady")).count());
        }
    }

    /** Starts streams at a provider that takes seconds, and cancels them before it answers. */
    private static void cancelWhileTheProviderThinks(ChatServiceGrpc.ChatServiceStub stub) throws Exception {
        final List<ClientCallStreamObserver<StreamChatCompletionRequest>> calls = new ArrayList<>();
        final CountDownLatch ended = new CountDownLatch(CANCELLED);
        for (int i = 0; i < CANCELLED; i++) {
            stub.streamChatCompletion(
                    StreamChatCompletionRequest.newBuilder().setChat(ask("thinking", "c")).build(),
                    new ClientResponseObserver<StreamChatCompletionRequest, StreamChatCompletionResponse>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<StreamChatCompletionRequest> call) {
                            synchronized (calls) {
                                calls.add(call);
                            }
                        }

                        @Override
                        public void onNext(StreamChatCompletionResponse value) {}

                        @Override
                        public void onError(Throwable t) {
                            ended.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            ended.countDown();
                        }
                    });
        }
        assertThat(slow.awaitRequests(CANCELLED, Duration.ofSeconds(30))).isTrue();
        synchronized (calls) {
            calls.forEach(call -> call.cancel("the caller changed its mind", null));
        }
        assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static <T> StreamObserver<T> cast(StreamObserver<Object> observer) {
        return (StreamObserver<T>) (StreamObserver<?>) observer;
    }

    private static String outcomeOf(RoutingAttempt attempt) {
        return attempt.getOutcome().name().substring("ATTEMPT_OUTCOME_".length()).toLowerCase();
    }

    private static void waitForRows(Connection db, long rows) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(db, "SELECT COUNT(*) FROM inferences") < rows && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, Integer> statuses(Connection db, String model) throws SQLException {
        final Map<String, Integer> statuses = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT status, error_kind, error_message FROM inferences WHERE requested_model = ?")) {
            statement.setString(1, model);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    statuses.merge(rows.getString(1) + '/' + rows.getString(2) + '/' + rows.getString(3), 1, Integer::sum);
                }
            }
        }
        return statuses;
    }

    private static Map<String, List<String>> attemptOutcomes(Connection db) throws SQLException {
        final Map<String, List<String>> outcomes = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT inference_id, provider, outcome FROM inference_attempts ORDER BY inference_id, number");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                outcomes.computeIfAbsent(rows.getString(1), unused -> new ArrayList<>())
                        .add(rows.getString(2) + ":" + rows.getString(3));
            }
        }
        return outcomes;
    }
}
