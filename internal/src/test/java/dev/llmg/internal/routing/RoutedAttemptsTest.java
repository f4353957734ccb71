package dev.llmg.internal.routing;

import static dev.llmg.internal.routing.TestRouting.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.internal.routing.TestRouting.ScriptedChat;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Unary calls through the router, the real attempt policy and the attempt executor on a real event loop,
 * over providers that fail as scripted: who is tried, after what wait, what the decision says, how long it
 * all takes, and that every attempt leaves its target's load and the loop's timers as it found them.
 */
class RoutedAttemptsTest {

    /** An event loop that keeps every timer it was asked for, to check none is left pending. */
    private static final class RecordingLoop extends DefaultEventLoop {
        final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            final ScheduledFuture<?> timer = super.schedule(command, delay, unit);
            timers.add(timer);
            return timer;
        }
    }

    private static final RecordingLoop LOOP = new RecordingLoop();
    private static final ChatRequest.Builder REQUEST = request("chat");

    private static final String TWO_TARGETS = """
            models:
              - {name: chat, strategy: priority, targets: [{provider: a, model: m}, {provider: b, model: m}]}
            routing: {retry: {attempts: 3, backoff: 50ms, max_backoff: 1s}}
            """;

    /** Runs a call through every part once, so that loading classes does not count in the timings below. */
    @BeforeAll
    static void warmUp() {
        final RoutingTable table = TestRouting.table(TWO_TARGETS);
        ((ScriptedChat) table.providers().get("a").orElseThrow().client().orElseThrow())
                .then(() -> failing(status(429, ErrorKind.RATE_LIMITED, true)));
        final RoutePlan<ChatProvider> plan = new GroupRouter(new LiveRoutingTable(table), new Balancers())
                .plan(REQUEST.build(), Caller.anonymous(), false);
        assertThat(await(new AttemptExecutor(new RoutingAttemptPolicy()).unary(
                call(Duration.ofSeconds(10)), plan,
                (candidate, attempt) -> candidate.client().complete(REQUEST.build(), attempt)))).isNotNull();
        LOOP.timers.clear();
    }

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private RoutingTable table;
    private GroupRouter router;
    private final AttemptExecutor executor = new AttemptExecutor(new RoutingAttemptPolicy());

    private void configure(String yaml) {
        table = TestRouting.table(yaml);
        router = new GroupRouter(new LiveRoutingTable(table), new Balancers());
    }

    private ScriptedChat provider(String name) {
        return (ScriptedChat) table.providers().get(name).orElseThrow().client().orElseThrow();
    }

    private TargetHealth health(String provider) {
        return table.all().stream().flatMap(group -> group.targets().stream())
                    .filter(target -> target.target().provider().equals(provider)).findFirst().orElseThrow().health();
    }

    private static Call call(Duration timeout) {
        return TestCalls.of("req", LOOP, timeout, Set.of());
    }

    private CompletableFuture<Routed<CreateChatCompletionResponse>> send(Call call) {
        final RoutePlan<ChatProvider> plan = router.plan(REQUEST.build(), Caller.anonymous(), false);
        return executor.unary(call, plan, (candidate, attempt) -> candidate.client().complete(REQUEST.build(), attempt));
    }

    /** Waits for the call's outcome, failing (rather than hanging) when it never comes. */
    private static <T> T await(CompletableFuture<T> result) {
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the call never ended", e);
        }
    }

    private static CompletableFuture<CreateChatCompletionResponse> failing(ProviderException failure) {
        return CompletableFuture.failedFuture(failure);
    }

    private static ProviderException status(int status, ErrorKind kind, boolean retryable) {
        return ProviderException.builder("p", kind).providerStatus(status).retryable(retryable)
                                .reason("http_" + status).build();
    }

    private static ProviderException unavailable() {
        return status(503, ErrorKind.UNAVAILABLE, true);
    }

    private static long millis(com.google.protobuf.Duration duration) {
        return Durations.toMillis(duration);
    }

    private static List<String> attempts(Routed<?> routed) {
        return routed.decision().getAttemptsList().stream()
                     .map(attempt -> attempt.getTarget().getProvider() + ' '
                                     + attempt.getOutcome().name().replace("ATTEMPT_OUTCOME_", "")
                                     + (attempt.getProviderStatus() == 0 ? "" : " " + attempt.getProviderStatus()))
                     .toList();
    }

    /** Waits for what the loop has queued so far, then checks no timer (backoff, timeout, deadline) is pending. */
    private static void assertNoTimerLeft() throws Exception {
        LOOP.submit(() -> { }).get();
        assertThat(LOOP.timers).as("timers left pending").allMatch(Future::isDone);
    }

    @BeforeEach
    void forgetEarlierTimers() {
        LOOP.timers.clear();
    }

    @AfterEach
    void everyAttemptEndedAtItsTarget() throws Exception {
        assertNoTimerLeft();
        for (ModelGroup group : table.all()) {
            for (RouteTarget target : group.targets()) {
                assertThat(target.health().inFlight()).as("in flight at %s", target.target()).isZero();
            }
        }
    }

    @Test
    @Timeout(10)
    void aTargetThatFailsTwiceWith503IsRetriedAfterJitteredBackoffsAndAnswers() {
        configure(TWO_TARGETS);
        provider("a").then(() -> failing(unavailable())).then(() -> failing(unavailable()));
        final long started = System.nanoTime();

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        final long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        final List<RoutingAttempt> tried = routed.decision().getAttemptsList();
        assertThat(attempts(routed)).containsExactly("a FAILED 503", "a FAILED 503", "a SUCCEEDED");
        assertThat(routed.answer().getId()).isEqualTo("ok from a");
        assertThat(millis(tried.get(0).getBackoff())).isZero();
        assertThat(millis(tried.get(1).getBackoff())).isBetween(0L, 50L);
        assertThat(millis(tried.get(2).getBackoff())).isBetween(0L, 100L);
        final long waited = millis(tried.get(1).getBackoff()) + millis(tried.get(2).getBackoff());
        assertThat(elapsed).as("the waits, and little else").isBetween(waited, waited + 1000);
        assertThat(provider("b").calls()).isZero();
    }

    @Test
    @Timeout(10)
    void aTargetThatKeepsFailingIsTriedAttemptsTimesThenTheNextAnswers() {
        configure(TWO_TARGETS);
        provider("a").then(() -> failing(unavailable())).then(() -> failing(unavailable()))
                     .then(() -> failing(unavailable()));

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        assertThat(attempts(routed)).containsExactly("a FAILED 503", "a FAILED 503", "a FAILED 503", "b SUCCEEDED");
        assertThat(millis(routed.decision().getAttempts(3).getBackoff())).as("moving on does not wait").isZero();
        assertThat(routed.served().target()).isEqualTo(new Target("b", "m"));
        assertThat(routed.decision().getAttempts(2).getErrorKind()).isEqualTo("UNAVAILABLE");
        assertThat(routed.decision().getAttempts(2).getErrorReason()).isEqualTo("http_503");
    }

    @Test
    @Timeout(10)
    void retriesWithoutAnyBackoffAreSentAtOnce() {
        configure(TWO_TARGETS.replace("backoff: 50ms, max_backoff: 1s", "backoff: 0s, max_backoff: 0s"));
        provider("a").then(() -> failing(unavailable()));

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        assertThat(attempts(routed)).containsExactly("a FAILED 503", "a SUCCEEDED");
        assertThat(millis(routed.decision().getAttempts(1).getBackoff())).isZero();
    }

    @Test
    @Timeout(10)
    void a429WithRetryAfterIsRetriedAfterExactlyThatWait() {
        configure(TWO_TARGETS);
        provider("a").then(() -> failing(ProviderException.builder("a", ErrorKind.RATE_LIMITED).providerStatus(429)
                                                          .retryAfter(Duration.ofMillis(150)).retryable(true)
                                                          .build()));
        final long started = System.nanoTime();

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ofSeconds(5))));

        assertThat(attempts(routed)).containsExactly("a FAILED 429", "a SUCCEEDED");
        assertThat(millis(routed.decision().getAttempts(1).getBackoff())).isEqualTo(150);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(150L, 1150L);
    }

    @Test
    @Timeout(10)
    void a429WithoutRetryAfterGoesToTheNextTargetAtOnce() {
        configure(TWO_TARGETS);
        provider("a").then(() -> failing(status(429, ErrorKind.RATE_LIMITED, true)));

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        assertThat(attempts(routed)).containsExactly("a FAILED 429", "b SUCCEEDED");
        assertThat(millis(routed.decision().getAttempts(1).getBackoff())).isZero();
    }

    @Test
    @Timeout(10)
    void a401MovesToTheNextTargetAndA400GoesBackToTheCaller() {
        configure(TWO_TARGETS);
        provider("a").then(() -> failing(status(401, ErrorKind.UNAUTHENTICATED, false)))
                     .then(() -> failing(status(400, ErrorKind.INVALID_ARGUMENT, false)));

        assertThat(attempts(await(send(call(Duration.ZERO))))).containsExactly("a FAILED 401", "b SUCCEEDED");

        final Call second = call(Duration.ZERO);
        final Throwable refused = catchThrowable(() -> await(send(second)));
        assertThat(((ProviderException) refused.getCause()).providerStatus()).isEqualTo(400);
        assertThat(second.routing().getAttemptsCount()).isEqualTo(1);
        assertThat(provider("b").calls()).isEqualTo(1);
    }

    @Test
    @Timeout(10)
    void aFallbackAnswersOnceEveryTargetOfTheModelFailedAndTheDecisionNamesIt() {
        configure("""
                models:
                  - {name: chat, provider: a, provider_model: m, fallbacks: [backup]}
                  - {name: backup, provider: b, provider_model: m}
                """);
        provider("a").then(() -> failing(status(403, ErrorKind.PERMISSION_DENIED, false)));

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        assertThat(attempts(routed)).containsExactly("a FAILED 403", "b SUCCEEDED");
        assertThat(routed.decision().getFallbacksList()).containsExactly("backup");
        assertThat(routed.served().modelName()).isEqualTo("backup");
    }

    @Test
    @Timeout(10)
    void whenEveryTargetFailsTheLastFailureIsReported() {
        configure(TWO_TARGETS.replace("attempts: 3", "attempts: 1"));
        provider("a").then(() -> failing(unavailable()));
        final ProviderException last = status(502, ErrorKind.UNAVAILABLE, true);
        provider("b").then(() -> failing(last));

        assertThat(catchThrowable(() -> await(send(call(Duration.ZERO))))).hasCause(last);
    }

    @Test
    @Timeout(10)
    void aProviderThatThrowsInsteadOfFailingItsFutureIsAFailedAttemptAndTheNextAnswers() {
        configure(TWO_TARGETS);
        provider("a").then(() -> {
            throw new IllegalStateException("a bug in a provider");
        });

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        assertThat(attempts(routed)).containsExactly("a FAILED", "b SUCCEEDED");
        assertThat(routed.decision().getAttempts(0).getErrorKind()).isEqualTo("INTERNAL");
    }

    @Test
    @Timeout(10)
    void anAttemptThatOutlivesItsAttemptTimeoutIsCancelledAndRetried() {
        configure(TWO_TARGETS.replace("routing: {", "routing: {attempt_timeout: 100ms, "));
        final CompletableFuture<CreateChatCompletionResponse> stuck = new CompletableFuture<>();
        provider("a").then(() -> stuck);

        final Routed<CreateChatCompletionResponse> routed = await(send(call(Duration.ZERO)));

        assertThat(attempts(routed)).containsExactly("a FAILED", "a SUCCEEDED");
        assertThat(routed.decision().getAttempts(0).getErrorReason()).isEqualTo("attempt_timeout");
        assertThat(millis(routed.decision().getAttempts(0).getLatency())).isGreaterThanOrEqualTo(100);
        assertThat(stuck).as("the upstream call is stopped").isCancelled();
    }

    @Test
    @Timeout(10)
    void theCallersDeadlineEndsTheCallWithoutChargingTheTargetsBreaker() throws Exception {
        configure(TWO_TARGETS.replace("routing: {", "routing: {breaker: {consecutive_failures: 1}, "));
        final CompletableFuture<CreateChatCompletionResponse> slow = new CompletableFuture<>();
        provider("a").then(() -> slow);
        final RoutePlan<ChatProvider> plan = router.plan(REQUEST.build(), Caller.anonymous(), false);
        final Call call = call(Duration.ofMillis(500));

        final CompletableFuture<Routed<CreateChatCompletionResponse>> result = executor.unary(
                call, plan, (candidate, attempt) -> candidate.client().complete(REQUEST.build(), attempt));

        final GatewayException failure = (GatewayException) catchThrowable(() -> await(result)).getCause();
        assertThat(failure.reason()).isEqualTo("deadline_exceeded");
        assertThat(call.routing().getAttemptsList()).singleElement().satisfies(
                attempt -> assertThat(attempt.getErrorReason()).isEqualTo("deadline_exceeded"));
        assertThat(slow).isCancelled();
        assertThat(provider("b").calls()).isZero();
        assertThat(health("a").isOpen()).as("a caller in a hurry is no evidence against the target").isFalse();
    }

    @Test
    @Timeout(10)
    void aCallerWhoLeavesDuringTheFirstAttemptCancelsItAndLeavesNothingBehind() throws Exception {
        configure(TWO_TARGETS.replace("routing: {", "routing: {attempt_timeout: 10s, "));
        final CompletableFuture<CreateChatCompletionResponse> pending = new CompletableFuture<>();
        provider("a").then(() -> pending);
        final Call call = call(Duration.ofSeconds(30));
        final CompletableFuture<Routed<CreateChatCompletionResponse>> result = send(call);
        LOOP.submit(() -> { }).get();
        assertThat(health("a").inFlight()).isEqualTo(1);

        call.cancel();

        assertThat(catchThrowable(() -> await(result)).getCause()).isInstanceOf(GatewayException.class);
        LOOP.submit(() -> { }).get();
        assertThat(pending).isCancelled();
        assertThat(call.routing().getAttemptsList()).extracting(RoutingAttempt::getOutcome)
                                                  .containsExactly(AttemptOutcome.ATTEMPT_OUTCOME_CANCELLED);
    }

    @Test
    @Timeout(10)
    void aSuccessfulCallWithAnAttemptTimeoutAndADeadlineLeavesNoTimerBehind() {
        configure(TWO_TARGETS.replace("routing: {", "routing: {attempt_timeout: 10s, "));
        provider("a").then(() -> failing(unavailable()));

        assertThat(attempts(await(send(call(Duration.ofSeconds(30)))))).containsExactly("a FAILED 503", "a SUCCEEDED");
        // Two attempt timeouts, and the backoff's timer unless full jitter drew a wait under a millisecond (about
        // one run in fifty), which starts the retry at once.
        assertThat(LOOP.timers).as("attempt timeouts were armed").hasSizeGreaterThanOrEqualTo(2);
    }
}
