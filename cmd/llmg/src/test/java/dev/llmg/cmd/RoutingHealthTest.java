package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.BreakerState;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.ListTargetsRequest;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc;
import dev.llmg.api.gateway.v1.SkippedTarget;
import dev.llmg.api.gateway.v1.TargetStatus;
import dev.llmg.cmd.FrontDoor.Seen;
import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;

/**
 * What routing learns from many requests, over two upstreams: {@code weighted} follows its weights,
 * {@code least_latency} sends most traffic to the faster target, a target's breaker opens after the configured
 * run of failures and lets one probe through after its cool-down, an attempt slower than its
 * {@code attempt_timeout} is given up for the next target, and a caller who leaves during a backoff starts no
 * further attempt. Each model has targets of its own (provider and model), so the tests share no health.
 */
@Timeout(60)
class RoutingHealthTest {

    /** Long enough for a few calls to see the breaker open, even on a busy machine. */
    private static final Duration COOL_DOWN = Duration.ofSeconds(1);
    /** What the upstream asks to wait before a retry; the caller leaves well within it. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream one = new FaultyUpstream("one");

    @RegisterExtension
    @Order(2)
    static final FaultyUpstream two = new FaultyUpstream("two");

    @RegisterExtension
    @Order(3) // after the upstreams, whose addresses its config names
    static final TestGateway gateway = new TestGateway(RoutingHealthTest::config);

    private static String config() {
        return String.join("\n",
                "providers:",
                one.providerYaml("one") + two.providerYaml("two"),
                "models:",
                "  - name: weighted",
                "    strategy: weighted",
                "    targets:",
                "      - {provider: one, model: m-weighted, weight: 3}",
                "      - {provider: two, model: m-weighted, weight: 1}",
                "  - name: fastest",
                "    strategy: least_latency",
                "    targets: [{provider: one, model: m-latency}, {provider: two, model: m-latency}]",
                "  - name: guarded",
                "    strategy: priority",
                "    retry: {attempts: 1}",
                "    targets: [{provider: one, model: m-breaker}, {provider: two, model: m-breaker}]",
                "  - name: patient",
                "    strategy: priority",
                "    retry: {attempts: 1}",
                "    attempt_timeout: 1s", // long enough for the target that answers, even on a busy machine
                "    targets: [{provider: one, model: m-timeout}, {provider: two, model: m-timeout}]",
                "  - name: waiting",
                "    strategy: priority",
                "    retry: {attempts: 3, max_backoff: 5s}",
                "    targets: [{provider: one, model: m-backoff}, {provider: two, model: m-backoff}]",
                "routing:",
                "  retry: {attempts: 2, backoff: 10ms, max_backoff: 1s}",
                "  retry_budget: {ratio: 10, min_per_second: 100000}",
                // Only a run of failures opens a breaker here; the ratio would need more requests than any test sends.
                "  breaker: {consecutive_failures: 3, cool_down: " + COOL_DOWN.toMillis() + "ms, "
                + "minimum_requests: 1000000}",
                "");
    }

    @BeforeEach
    void freshUpstreams() {
        one.reset();
        two.reset();
    }

    @AfterAll
    static void closeClients() {
        FrontDoor.closeClients();
    }

    @Test
    void weightedChoiceFollowsTheWeights() throws Exception {
        final int requests = 240;
        final ChatServiceGrpc.ChatServiceFutureStub stub = futureStub();
        final List<ListenableFuture<CreateChatCompletionResponse>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(stub.createChatCompletion(CreateChatCompletionRequest.newBuilder()
                                                                             .setChat(FrontDoor.request("weighted"))
                                                                             .build()));
        }
        int byOne = 0;
        for (ListenableFuture<CreateChatCompletionResponse> answer : answers) {
            byOne += "one".equals(answer.get(30, TimeUnit.SECONDS).getGateway().getProvider()) ? 1 : 0;
        }
        // Weights 3:1 give 180:60; the bounds are wide, but an even split (120) or 2:1 (160) falls outside.
        assertThat(byOne).isBetween(165, 195);
        assertThat(one.requests()).isEqualTo(byOne);
        assertThat(one.requests() + two.requests()).isEqualTo(requests);
    }

    @Test
    void leastLatencyMovesMostTrafficToTheFasterTarget() {
        // Far slower than the other even on a busy machine: peak EWMA remembers a hiccup of the fast target for
        // seconds, and only a hiccup longer than this could send it traffic.
        two.always(Fault.slow(Duration.ofMillis(500)));
        final int requests = 30;
        for (int i = 0; i < requests; i++) {
            assertThat(FrontDoor.GRPC.call(gateway.httpUri(), "fastest").error()).isNull();
        }
        assertThat(two.requests()).as("the slow target was tried").isPositive();
        assertThat(one.requests()).as("most requests went to the fast target: %s, %s", one, two)
                                  .isGreaterThanOrEqualTo(requests * 2 / 3);
    }

    @Test
    void theBreakerOpensAfterTheConfiguredFailuresAndHalfOpensAfterItsCoolDown() throws Exception {
        one.always(Fault.status(503));
        for (int i = 0; i < 3; i++) {
            final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), "guarded");
            assertThat(seen.gateway().getProvider()).isEqualTo("two");
            assertThat(seen.gateway().getRouting().getAttemptsCount()).isEqualTo(2);
        }
        assertThat(one.requests()).isEqualTo(3);

        for (int i = 0; i < 3; i++) {
            final RoutingDecision routing = FrontDoor.GRPC.call(gateway.httpUri(), "guarded").gateway().getRouting();
            assertThat(routing.getAttemptsList()).singleElement()
                                                 .satisfies(attempt -> assertThat(attempt.getTarget().getProvider())
                                                         .isEqualTo("two"));
            assertThat(routing.getSkippedList()).extracting(SkippedTarget::getReason).containsExactly("circuit_open");
            assertThat(routing.getSkipped(0).getTarget().getProvider()).isEqualTo("one");
        }
        assertThat(one.requests()).as("the open breaker keeps requests away").isEqualTo(3);
        assertThat(breakerOf("one", "m-breaker")).isEqualTo(BreakerState.BREAKER_STATE_OPEN);

        TimeUnit.MILLISECONDS.sleep(COOL_DOWN.toMillis() + 100);
        for (int i = 0; i < 3; i++) {
            assertThat(FrontDoor.GRPC.call(gateway.httpUri(), "guarded").gateway().getProvider()).isEqualTo("two");
        }
        assertThat(one.requests()).as("after the cool-down, one probe, which failed and opened it again")
                                  .isEqualTo(4);

        one.always(Fault.ok());
        TimeUnit.MILLISECONDS.sleep(COOL_DOWN.toMillis() + 100);
        for (int i = 0; i < 3; i++) {
            assertThat(FrontDoor.GRPC.call(gateway.httpUri(), "guarded").gateway().getProvider())
                    .as("a probe that succeeds closes the breaker").isEqualTo("one");
        }
        assertThat(one.requests()).isEqualTo(7);
        assertThat(breakerOf("one", "m-breaker")).isEqualTo(BreakerState.BREAKER_STATE_CLOSED);
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = { "GRPC", "SSE" })
    void anAttemptSlowerThanItsTimeoutIsGivenUpAndTheNextTargetAnswers(FrontDoor door) {
        one.next(Fault.slow(Duration.ofSeconds(10)));

        final Seen seen = door.call(gateway.httpUri(), "patient");

        assertThat(seen.error()).isNull();
        assertThat(seen.text()).isEqualTo(two.answer());
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(routing.getAttempts(0).getTarget().getProvider()).isEqualTo("one");
        assertThat(routing.getAttempts(0).getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED);
        assertThat(routing.getAttempts(0).getErrorKind()).isEqualTo("TIMEOUT");
        assertThat(Durations.toMillis(routing.getAttempts(0).getLatency())).as("it waited for attempt_timeout")
                                                                           .isGreaterThanOrEqualTo(1000);
        assertThat(routing.getAttempts(1).getTarget().getProvider()).isEqualTo("two");
        assertThat(one.requests()).isEqualTo(1);
    }

    @Test
    void aStreamingCallerThatLeavesDuringABackoffStartsNoFurtherAttempt() throws Exception {
        one.always(Fault.status(429).retryAfterMs(Long.toString(RETRY_AFTER.toMillis())));

        final SseReader reader =
                SseReader.post(gateway.httpUri(), JsonFormat.printer().print(FrontDoor.request("waiting")));
        awaitBackoff();
        reader.cancel();

        assertNoFurtherAttempt();
    }

    @Test
    void aUnaryCallerThatCancelsDuringABackoffStartsNoFurtherAttempt() throws Exception {
        one.always(Fault.status(429).retryAfterMs(Long.toString(RETRY_AFTER.toMillis())));

        final ListenableFuture<CreateChatCompletionResponse> answer = futureStub().createChatCompletion(
                CreateChatCompletionRequest.newBuilder().setChat(FrontDoor.request("waiting")).build());
        awaitBackoff();
        answer.cancel(true);

        assertNoFurtherAttempt();
    }

    /** Returns the breaker state that {@code GET /api/v1/routing/targets} (here its gRPC twin) shows. */
    private static BreakerState breakerOf(String provider, String model) {
        return GrpcClients.newClient(gateway.httpUri(), RoutingServiceGrpc.RoutingServiceBlockingStub.class)
                          .listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsList().stream()
                          .filter(status -> status.getTarget().getProvider().equals(provider)
                                            && status.getTarget().getModel().equals(model))
                          .map(TargetStatus::getBreaker).findFirst().orElseThrow();
    }

    private static ChatServiceGrpc.ChatServiceFutureStub futureStub() {
        return GrpcClients.builder(gateway.httpUri()).build(ChatServiceGrpc.ChatServiceFutureStub.class);
    }

    /** Waits until the first attempt was refused with a Retry-After, so that the gateway is waiting it out. */
    private static void awaitBackoff() throws InterruptedException {
        assertThat(one.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        TimeUnit.MILLISECONDS.sleep(150); // the 429 reaches the gateway; most of its wait remains
    }

    private static void assertNoFurtherAttempt() throws InterruptedException {
        // Past the end of the wait, when the retry would have gone out.
        final long retryDue = one.received().get(0).atNanos() + RETRY_AFTER.toNanos();
        TimeUnit.NANOSECONDS.sleep(retryDue - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(one.requests()).as("no retry after the caller left").isEqualTo(1);
        assertThat(two.requests()).as("no other target either").isZero();
    }
}
