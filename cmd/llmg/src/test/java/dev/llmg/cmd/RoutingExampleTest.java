package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.protobuf.util.Durations;
import com.linecorp.armeria.client.grpc.GrpcClients;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import dev.llmg.api.gateway.v1.BreakerState;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ListTargetsRequest;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc.RoutingServiceBlockingStub;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.TargetStatus;
import dev.llmg.api.gateway.v1.Tool;

/**
 * The README's offline routing demo, {@code config/examples/routing.yaml}, read from the repository as
 * {@code hack/run -c} reads it: a group over simulators that fail on purpose (429s with Retry-After, 503s,
 * stalls, a target that is down, broken streams) answers every request, and the decisions show the retries,
 * the moves to other targets, the fallback, the rule and the breaker that absorbed the faults.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the tools test needs breakers that nothing has opened yet
class RoutingExampleTest {

    private static final Path EXAMPLE = Path.of("..", "..", "config", "examples", "routing.yaml");
    private static final int REQUESTS = 200;
    private static final int STREAMS = 40;
    private static final int CONCURRENCY = 40;

    /** Serves the calls; streams have a gateway of their own, whose breakers the calls' failures leave alone. */
    @RegisterExtension
    static final TestGateway forCalls = new TestGateway(RoutingExampleTest::example);
    @RegisterExtension
    static final TestGateway forStreams = new TestGateway(RoutingExampleTest::example);

    @Test
    @Order(1)
    void aRequestWithToolsSkipsTheTargetThatCannotCallThem() {
        // First, while no failure has opened sim-west's breaker (which would be the reason given instead).
        final RoutingDecision decision = chat(forCalls).createChatCompletion(unary(ask("chat", "Paris").toBuilder()
                .addTools(Tool.newBuilder().setName("get_weather")).build())).getGateway().getRouting();
        assertThat(decision.getSkippedList()).anySatisfy(skipped -> {
            assertThat(skipped.getTarget().getProvider()).isEqualTo("sim-west");
            assertThat(skipped.getReason()).isEqualTo("no_tools");
        });
    }

    @Test
    void streamsAreAnsweredOrEndWithAnErrorOnceStartedNeverCutSilently() throws Exception {
        final Set<String> failures = ConcurrentHashMap.newKeySet();
        final List<String> endings = inParallel(STREAMS, i -> {
            final Iterator<StreamChatCompletionResponse> pieces = chat(forStreams).streamChatCompletion(
                    StreamChatCompletionRequest.newBuilder()
                                               .setChat(ask("chat", "one two three four five six seven eight"))
                                               .build());
            final List<StreamChatCompletionResponse> received = new ArrayList<>();
            try {
                pieces.forEachRemaining(received::add);
                return "answered";
            } catch (StatusRuntimeException e) {
                assertThat(received).as("a stream fails only after its first piece: before it, routing tries again")
                                    .isNotEmpty();
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription()).contains("broke in the middle of the answer");
                final StreamChatCompletionResponse last = received.get(received.size() - 1);
                assertThat(last.getChoices(0).getFinishReason()).as("the last piece says the answer ended in error")
                                                               .isEqualTo(FinishReason.FINISH_REASON_ERROR);
                return "broken after " + (received.size() - 1) + " pieces";
            } finally {
                if (!received.isEmpty()) {
                    received.get(received.size() - 1).getGateway().getRouting().getAttemptsList()
                            .forEach(attempt -> failures.add(attempt.getErrorKind()));
                }
            }
        });
        // Streams that failed before their first piece were tried again, invisibly; one that broke after it
        // (sim-east's fifth draw, by its seed) ends with the error, after exactly the pieces it sent and a last
        // piece that says so.
        assertThat(endings).hasSize(STREAMS).contains("answered", "broken after 3 pieces")
                           .allMatch(ending -> ending.equals("answered") || ending.equals("broken after 3 pieces"));
        assertThat(failures).as("sim-west's stalls (its first draws, by its seed) end at the attempt timeout")
                            .contains("TIMEOUT");
    }

    @Test
    @Order(2)
    void everyRequestIsAnsweredAndTheDecisionsShowRetriesFallbacksAndBreakers() throws Exception {
        final ChatServiceBlockingStub chat = chat(forCalls);
        final List<CreateChatCompletionResponse> answers = inParallel(REQUESTS, i -> chat.createChatCompletion(
                unary(ask("chat", "request " + i))));
        assertThat(answers).as("every request is answered").hasSize(REQUESTS);

        final Set<String> failures = new HashSet<>();
        int retriedAtTheSameTarget = 0;
        int retriedAfterRetryAfter = 0;
        int movedOn = 0;
        int fellBack = 0;
        for (CreateChatCompletionResponse answer : answers) {
            final RoutingDecision decision = answer.getGateway().getRouting();
            final List<RoutingAttempt> attempts = decision.getAttemptsList();
            assertThat(answer.getGateway().getAttempts()).isEqualTo(attempts.size());
            for (int i = 1; i < attempts.size(); i++) {
                final RoutingAttempt failed = attempts.get(i - 1);
                final RoutingAttempt next = attempts.get(i);
                failures.add(failed.getErrorKind());
                if (!failed.getTarget().equals(next.getTarget())) {
                    movedOn++;
                } else if ("RATE_LIMITED".equals(failed.getErrorKind())) {
                    retriedAfterRetryAfter++;
                    assertThat(Durations.toMillis(next.getBackoff())).as("sim-east's Retry-After is honoured")
                                                                    .isGreaterThanOrEqualTo(300);
                } else {
                    retriedAtTheSameTarget++;
                }
            }
            if (decision.getFallbacksList().contains("chat-backup")) {
                fellBack++;
                assertThat(answer.getGateway().getProvider()).isEqualTo("sim-backup");
            }
        }
        assertThat(failures).as("the faults of sim-east (429), sim-west (503) and sim-central (529)")
                            .contains("RATE_LIMITED", "UNAVAILABLE");
        assertThat(retriedAfterRetryAfter).as("429s retried after their Retry-After").isPositive();
        assertThat(retriedAtTheSameTarget).as("5xx, broken answers and timeouts retried after a backoff").isPositive();
        assertThat(movedOn).as("failures that moved on to another target").isPositive();
        assertThat(fellBack).as("calls whose three targets all failed, answered by chat-backup").isPositive();

        final TargetStatus central = GrpcClients.newClient(forCalls.httpUri(), RoutingServiceBlockingStub.class)
                .listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsList().stream()
                .filter(target -> target.getTarget().getProvider().equals("sim-central")).findFirst().orElseThrow();
        assertThat(central.getBreaker()).as("the target that is down has its breaker open")
                                        .isNotEqualTo(BreakerState.BREAKER_STATE_CLOSED);

        final CreateChatCompletionResponse premium = chat.createChatCompletion(unary(ask("chat", "hi").toBuilder()
                .putMetadata("tier", "premium").build()));
        assertThat(premium.getGateway().getRouting().getRule()).isEqualTo("premium");
        assertThat(premium.getGateway().getProvider()).isEqualTo("sim-backup");
    }

    private static ChatServiceBlockingStub chat(TestGateway gateway) {
        return GrpcClients.newClient(gateway.httpUri(), ChatServiceBlockingStub.class);
    }

    private static CreateChatCompletionRequest unary(ChatRequest request) {
        return CreateChatCompletionRequest.newBuilder().setChat(request).build();
    }

    /** Runs {@code count} calls, {@link #CONCURRENCY} at a time, and returns their results; any failure fails. */
    private static <T> List<T> inParallel(int count, Call<T> call) throws Exception {
        final ExecutorService callers = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            final List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final int index = i;
                futures.add(callers.submit(() -> call.run(index)));
            }
            final List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(1, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            callers.shutdownNow();
        }
    }

    /** One call of many. */
    @FunctionalInterface
    private interface Call<T> {
        T run(int index) throws Exception;
    }

    private static String example() {
        try {
            return Files.readString(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
