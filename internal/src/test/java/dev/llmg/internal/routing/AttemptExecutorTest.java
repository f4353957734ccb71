package dev.llmg.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * The unary side of the attempt executor: what each attempt is given, what the decision records, and that a
 * deadline or a caller who leaves stops the attempt in flight.
 */
class AttemptExecutorTest {

    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private final TestPlans.EventLog events = new TestPlans.EventLog();

    private Call call(Duration timeout) {
        return TestCalls.of("req-1", ImmediateEventExecutor.INSTANCE, timeout, Set.of(c -> events));
    }

    @Test
    void aSuccessfulAttemptIsRecordedWithWhatTheProviderReported() {
        final AttemptExecutor executor = new AttemptExecutor(AttemptPolicy.singleAttempt());
        final Routed<String> routed = executor.<String, String>unary(call(Duration.ZERO), TestPlans.over("a"),
                (candidate, attempt) -> {
                    attempt.reportResponse(200, "req_upstream");
                    return CompletableFuture.completedFuture("answer from " + candidate.client());
                }).join();

        assertThat(routed.answer()).isEqualTo("answer from a");
        assertThat(routed.served().target()).isEqualTo(new Target("p0", "m0"));
        assertThat(routed.decision().getAttemptsList()).singleElement().satisfies(attempt -> {
            assertThat(attempt.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
            assertThat(attempt.getProviderStatus()).isEqualTo(200);
            assertThat(attempt.getProviderRequestId()).isEqualTo("req_upstream");
        });
        assertThat(events.events).containsExactly("routed chat", "start 1 p0", "end p0 SUCCEEDED");
    }

    @Test
    void aFailureIsReportedAsTheProviderSaidItWithTheAttemptOnTheCall() {
        final AttemptExecutor executor = new AttemptExecutor(AttemptPolicy.singleAttempt());
        final ProviderException limited = ProviderException.builder("p0", ErrorKind.RATE_LIMITED)
                                                           .reason("rate_limit_exceeded").providerStatus(429)
                                                           .providerRequestId("req_429").build();
        final Call call = call(Duration.ZERO);
        final Throwable failure = catchThrowable(() -> executor.<String, String>unary(
                call, TestPlans.over("a"), (candidate, attempt) -> CompletableFuture.failedFuture(limited)).join());

        assertThat(failure).hasCause(limited);
        assertThat(call.routing().getAttemptsList()).singleElement().satisfies(attempt -> {
            assertThat(attempt.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED);
            assertThat(attempt.getErrorKind()).isEqualTo("RATE_LIMITED");
            assertThat(attempt.getErrorReason()).isEqualTo("rate_limit_exceeded");
            assertThat(attempt.getProviderStatus()).isEqualTo(429);
            assertThat(attempt.getProviderRequestId()).isEqualTo("req_429");
        });
    }

    @Test
    void thePolicyDecidesWhetherAFailedAttemptIsFollowedByAnother() {
        final AttemptExecutor executor = new AttemptExecutor(TestPlans.nextCandidateAfter(Duration.ZERO));
        final Routed<String> routed = executor.<String, String>unary(call(Duration.ZERO), TestPlans.over("a", "b"),
                (candidate, attempt) -> "a".equals(candidate.client())
                                        ? CompletableFuture.failedFuture(new GatewayException(
                                                ErrorKind.UNAVAILABLE, "down", "a is down"))
                                        : CompletableFuture.completedFuture("b answers")).join();

        assertThat(routed.answer()).isEqualTo("b answers");
        assertThat(routed.decision().getAttemptsCount()).isEqualTo(2);
        assertThat(events.events).containsExactly("routed chat", "start 1 p0", "end p0 FAILED UNAVAILABLE",
                                                  "start 2 p1", "end p1 SUCCEEDED");
    }

    @Test
    @Timeout(10)
    void theDeadlineCancelsTheAttemptInFlight() {
        final AttemptExecutor executor = new AttemptExecutor(TestPlans.nextCandidateAfter(Duration.ZERO));
        final CompletableFuture<String> never = new CompletableFuture<>();
        final Call call = TestCalls.of("req-2", LOOP, Duration.ofMillis(100), Set.of(c -> events));
        final long started = System.nanoTime();
        final Throwable failure = catchThrowable(() -> executor.<String, String>unary(
                call, TestPlans.over("a", "b"), (candidate, attempt) -> {
                    assertThat(attempt.timeout()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
                    return never;
                }).join());

        assertThat(failure.getCause()).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) failure.getCause()).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(never).as("the upstream call is cancelled").isCancelled();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(events.events).as("no second attempt once the deadline passed")
                                 .containsExactly("routed chat", "start 1 p0", "end p0 FAILED TIMEOUT");
    }

    @Test
    void aCallerWhoLeavesCancelsTheAttemptInFlightAndStartsNoOther() {
        final AttemptExecutor executor = new AttemptExecutor(TestPlans.nextCandidateAfter(Duration.ZERO));
        final CompletableFuture<String> pending = new CompletableFuture<>();
        final Call call = call(Duration.ZERO);
        final CompletableFuture<Routed<String>> result = executor.unary(call, TestPlans.over("a", "b"),
                                                                        (candidate, attempt) -> pending);
        call.cancel();

        assertThat(pending).isCancelled();
        assertThat(result).isCompletedExceptionally();
        assertThat(((GatewayException) catchThrowable(result::join).getCause()).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(events.events).containsExactly("routed chat", "start 1 p0", "end p0 CANCELLED");
    }

    @Test
    @Timeout(10)
    void aCallerWhoLeavesDuringTheBackoffStartsNoFurtherAttempt() throws Exception {
        final AttemptExecutor executor = new AttemptExecutor(TestPlans.nextCandidateAfter(Duration.ofSeconds(5)));
        final Call call = TestCalls.of("req-3", LOOP, Duration.ZERO, Set.of(c -> events));
        final CompletableFuture<Routed<String>> result = executor.unary(call, TestPlans.over("a", "b"),
                (candidate, attempt) -> CompletableFuture.failedFuture(
                        new GatewayException(ErrorKind.UNAVAILABLE, "down", candidate.client() + " is down")));
        LOOP.submit(() -> { }).get(); // the first attempt has failed; the backoff is pending
        call.cancel();

        assertThat(catchThrowable(result::join).getCause()).isInstanceOf(GatewayException.class);
        LOOP.submit(() -> { }).get();
        assertThat(events.events).containsExactly("routed chat", "start 1 p0", "end p0 FAILED UNAVAILABLE");
    }

    @Test
    @Timeout(10)
    void aBugInRoutingFailsTheCallInsteadOfLeavingItWaiting() {
        final AttemptPolicy broken = new AttemptPolicy() {
            @Override
            public Optional<Step> first(RoutePlan<?> plan) {
                return Optional.of(new Step(0, Duration.ZERO));
            }

            @Override
            public Optional<Step> afterFailure(RoutePlan<?> plan, History history, GatewayException failure) {
                throw new IllegalStateException("a bug");
            }
        };
        final CompletableFuture<Routed<String>> result = new AttemptExecutor(broken).unary(
                TestCalls.of("req-4", LOOP, Duration.ZERO, Set.of()), TestPlans.over("a", "b"),
                (candidate, attempt) -> CompletableFuture.failedFuture(
                        new GatewayException(ErrorKind.UNAVAILABLE, "down", "down")));

        final Throwable failure = catchThrowable(result::join);
        assertThat(((GatewayException) failure.getCause()).kind()).isEqualTo(ErrorKind.INTERNAL);
    }
}
