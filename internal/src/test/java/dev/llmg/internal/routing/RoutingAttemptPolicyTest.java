package dev.llmg.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.AttemptPolicy.History;
import dev.llmg.internal.routing.AttemptPolicy.Step;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * The failure table as the policy applies it: each kind of failure retries the same target (after exactly
 * the wait a provider asked for, or a jittered backoff), moves on at once, or gives up; and no step is
 * taken whose wait does not fit, whose target's retry budget is spent, or whose breaker refuses.
 */
class RoutingAttemptPolicyTest {

    private static final RetrySettings RETRY = new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5));
    private static final Optional<Duration> NO_DEADLINE = Optional.empty();

    private final RoutingAttemptPolicy policy = new RoutingAttemptPolicy();
    private BreakerSettings breaker = BreakerSettings.DEFAULT;
    private RetryBudgetSettings budget = RetryBudgetSettings.DEFAULT;
    private RetrySettings retry = RETRY;

    /** Returns a plan over {@code targets} fresh targets of one group, in order, with this test's settings. */
    private RoutePlan<String> plan(int targets) {
        final TargetHealthRegistry registry = new TargetHealthRegistry();
        final List<RouteTarget> routes = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            final Target target = new Target("p" + i, "m");
            routes.add(new RouteTarget(target, ConfiguredProvider.unavailable("p" + i, "test", "never called"), 1, i, 0,
                                       0, new Capabilities(true, true, true, true), Prices.UNKNOWN,
                                       registry.of(target, breaker, budget)));
        }
        final ModelGroup group = new ModelGroup("chat", Strategy.PRIORITY, routes, List.of(), retry, Duration.ZERO,
                                                 StructuredOutputSettings.DEFAULT);
        final List<Candidate<String>> candidates = new ArrayList<>();
        for (RouteTarget route : routes) {
            candidates.add(new Candidate<>(route, "client of " + route.target(), group));
        }
        return new RoutePlan<>("chat", "", "chat", "priority", candidates, List.of(), "test");
    }

    private static TargetHealth health(RoutePlan<?> plan, int candidate) {
        return plan.candidates().get(candidate).route().health();
    }

    /** The step after the first attempt at candidate 0 failed with {@code failure}. */
    private Optional<Step> afterFirstFailure(RoutePlan<?> plan, GatewayException failure) {
        return policy.afterFailure(plan, new History(0, 1, 1, NO_DEADLINE), failure);
    }

    private static ProviderException provider(ErrorKind kind, int status, boolean retryable) {
        return ProviderException.builder("p0", kind).providerStatus(status).retryable(retryable).build();
    }

    private static ProviderException rateLimited(Duration retryAfter) {
        return ProviderException.builder("p0", ErrorKind.RATE_LIMITED).providerStatus(429).retryAfter(retryAfter)
                                .retryable(true).build();
    }

    private static ProviderException unavailable() {
        return provider(ErrorKind.UNAVAILABLE, 503, true);
    }

    private static Step now(int candidate) {
        return new Step(candidate, Duration.ZERO);
    }

    // 429

    @Test
    void a429WithAFittingRetryAfterRetriesTheSameTargetAfterExactlyThatWait() {
        final RoutePlan<String> plan = plan(2);

        assertThat(afterFirstFailure(plan, rateLimited(Duration.ofMillis(1500))))
                .contains(new Step(0, Duration.ofMillis(1500)));
        assertThat(afterFirstFailure(plan, rateLimited(Duration.ofSeconds(5))))
                .as("max_backoff itself fits").contains(new Step(0, Duration.ofSeconds(5)));
    }

    @Test
    void a429WithoutRetryAfterMovesOnAtOnce() {
        assertThat(afterFirstFailure(plan(2), provider(ErrorKind.RATE_LIMITED, 429, true))).contains(now(1));
    }

    @Test
    void a429ThatAsksForABackoffWithoutRetryAfterRetriesTheSameTargetWithinAttemptsAndBudget() {
        // AWS's ThrottlingException names no wait; its SDKs back off on the same endpoint, and so does routing.
        final ProviderException throttled = ProviderException.builder("p0", ErrorKind.RATE_LIMITED)
                .reason("ThrottlingException").providerStatus(429).retryable(true).backOff(true).build();
        final RoutePlan<String> plan = plan(2);

        assertThat(afterFirstFailure(plan, throttled)).hasValueSatisfying(step -> {
            assertThat(step.candidate()).isZero();
            assertThat(step.backoff()).isBetween(Duration.ZERO, Duration.ofMillis(200));
        });
        assertThat(policy.afterFailure(plan, new History(0, 3, 3, NO_DEADLINE), throttled))
                .as("after its attempts, the next target").contains(now(1));
        assertThat(afterFirstFailure(plan(2), ProviderException.builder("p0", ErrorKind.RATE_LIMITED)
                .providerStatus(429).retryable(false).backOff(true).build()))
                .as("not retryable: moves on").contains(now(1));
        budget = new RetryBudgetSettings(0.0, Duration.ofSeconds(10), 0);
        assertThat(afterFirstFailure(plan(2), throttled)).as("a spent retry budget: moves on").contains(now(1));
    }

    @Test
    void a429AskingForLongerThanMaxBackoffMovesOnAtOnce() {
        assertThat(afterFirstFailure(plan(2), rateLimited(Duration.ofMillis(5001)))).contains(now(1));
    }

    @Test
    void a429WhoseRetryAfterDoesNotFitTheTimeLeftMovesOnAtOnce() {
        final RoutePlan<String> plan = plan(2);

        assertThat(policy.afterFailure(plan, new History(0, 1, 1, Optional.of(Duration.ofMillis(900))),
                                       rateLimited(Duration.ofSeconds(1)))).contains(now(1));
        assertThat(policy.afterFailure(plan, new History(0, 1, 1, Optional.of(Duration.ofMillis(1100))),
                                       rateLimited(Duration.ofSeconds(1)))).contains(new Step(0, Duration.ofSeconds(1)));
    }

    @Test
    void a429ThatSaysNotToRetryMovesOnEvenWithARetryAfter() {
        final ProviderException shouldNotRetry = ProviderException.builder("p0", ErrorKind.RATE_LIMITED)
                                                                   .providerStatus(429)
                                                                   .retryAfter(Duration.ofMillis(10))
                                                                   .retryable(false).build();

        assertThat(afterFirstFailure(plan(2), shouldNotRetry)).contains(now(1));
    }

    // 5xx, timeouts, broken connections

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "UNAVAILABLE, 500", "UNAVAILABLE, 502", "UNAVAILABLE, 503", "UNAVAILABLE, 529", "TIMEOUT, 504",
                 "TIMEOUT, 0", "UNAVAILABLE, 0" })
    void aRetryableFailureRetriesTheSameTargetAfterAJitteredBackoff(ErrorKind kind, int status) {
        final Optional<Step> step = afterFirstFailure(plan(2), provider(kind, status, true));

        assertThat(step).hasValueSatisfying(retry -> {
            assertThat(retry.candidate()).isZero();
            assertThat(retry.backoff()).isBetween(Duration.ZERO, Duration.ofMillis(200));
        });
    }

    @Test
    void theGatewaysOwnAttemptTimeoutIsRetried() {
        final GatewayException attemptTimeout = new GatewayException(ErrorKind.TIMEOUT, "attempt_timeout", "too slow");

        assertThat(afterFirstFailure(plan(2), attemptTimeout)).hasValueSatisfying(
                step -> assertThat(step.candidate()).isZero());
    }

    @Test
    void backoffsAreFullJitterUnderAnExponentialCap() {
        retry = new RetrySettings(10, Duration.ofMillis(100), Duration.ofMillis(350));
        budget = new RetryBudgetSettings(10.0, Duration.ofSeconds(10), 100_000);
        final RoutePlan<String> plan = plan(1);
        for (int tries = 1; tries <= 4; tries++) {
            final long cap = Math.min(100L << (tries - 1), 350);
            long least = Long.MAX_VALUE;
            long most = 0;
            for (int sample = 0; sample < 300; sample++) {
                final long wait = policy.afterFailure(plan, new History(0, tries, tries, NO_DEADLINE), unavailable())
                                        .orElseThrow().backoff().toMillis();
                least = Math.min(least, wait);
                most = Math.max(most, wait);
            }
            assertThat(most).as("after %d tries", tries).isLessThanOrEqualTo(cap).isGreaterThan(cap * 3 / 4);
            assertThat(least).as("after %d tries", tries).isLessThan(cap / 4);
        }
    }

    @Test
    void noBackoffAtAllRetriesAtOnce() {
        retry = new RetrySettings(3, Duration.ZERO, Duration.ZERO);

        assertThat(afterFirstFailure(plan(2), unavailable())).contains(now(0));
    }

    @Test
    void aTargetIsTriedAtMostAttemptsTimesThenTheNextAtOnce() {
        final RoutePlan<String> plan = plan(2);

        assertThat(policy.afterFailure(plan, new History(0, 2, 2, NO_DEADLINE), unavailable()))
                .hasValueSatisfying(step -> assertThat(step.candidate()).isZero());
        assertThat(policy.afterFailure(plan, new History(0, 3, 3, NO_DEADLINE), unavailable())).contains(now(1));
    }

    @Test
    void oneAttemptMeansNoRetryOfTheSameTarget() {
        retry = new RetrySettings(1, Duration.ofMillis(200), Duration.ofSeconds(5));

        assertThat(afterFirstFailure(plan(2), unavailable())).contains(now(1));
        assertThat(afterFirstFailure(plan(2), rateLimited(Duration.ofMillis(10)))).contains(now(1));
    }

    @Test
    void aProviderThatSaysNotToRetryIsLeftForTheNextTarget() {
        assertThat(afterFirstFailure(plan(2), provider(ErrorKind.UNAVAILABLE, 503, false))).contains(now(1));
    }

    // Move on, give up

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "UNAUTHENTICATED, 401", "PERMISSION_DENIED, 403", "NOT_FOUND, 404", "INTERNAL, 200",
                 "FAILED_PRECONDITION, 0", "INTERNAL, 0" })
    void aFailureOfThisTargetAloneMovesOnAtOnce(ErrorKind kind, int status) {
        assertThat(afterFirstFailure(plan(2), provider(kind, status, false))).contains(now(1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "INVALID_ARGUMENT, 400", "INVALID_ARGUMENT, 413", "INVALID_ARGUMENT, 422", "CANCELLED, 0" })
    void aBadRequestOrACancelledCallGivesUp(ErrorKind kind, int status) {
        assertThat(afterFirstFailure(plan(2), provider(kind, status, false))).isEmpty();
    }

    @Test
    void thePassingOfTheDeadlineGivesUp() {
        final GatewayException deadline = new GatewayException(ErrorKind.TIMEOUT, "deadline_exceeded", "too late");

        assertThat(afterFirstFailure(plan(2), deadline)).isEmpty();
    }

    @Test
    void afterTheLastCandidateThereIsNothingToMoveOnTo() {
        final RoutePlan<String> plan = plan(2);

        assertThat(policy.afterFailure(plan, new History(1, 1, 2, NO_DEADLINE),
                                       provider(ErrorKind.UNAUTHENTICATED, 401, false))).isEmpty();
        assertThat(policy.afterFailure(plan, new History(1, 3, 5, NO_DEADLINE), unavailable())).isEmpty();
    }

    // Budget, deadline, breakers

    @Test
    void aSpentRetryBudgetMovesOnInsteadOfRetrying() {
        budget = new RetryBudgetSettings(0.0, Duration.ofSeconds(10), 0);

        assertThat(afterFirstFailure(plan(2), unavailable())).contains(now(1));
        assertThat(afterFirstFailure(plan(2), rateLimited(Duration.ofMillis(10)))).contains(now(1));
    }

    @Test
    void eachRetryTakesFromTheTargetsBudget() {
        budget = new RetryBudgetSettings(0.0, Duration.ofSeconds(1), 2);
        final RoutePlan<String> plan = plan(2);

        assertThat(afterFirstFailure(plan, unavailable()).orElseThrow().candidate()).isZero();
        assertThat(afterFirstFailure(plan, unavailable()).orElseThrow().candidate()).isZero();
        assertThat(afterFirstFailure(plan, unavailable())).as("two retries a second, both taken").contains(now(1));
    }

    @Test
    void noStepIsTakenWhoseAttemptCouldNotFinishInTheTimeLeft() {
        retry = new RetrySettings(3, Duration.ofMillis(1), Duration.ofSeconds(5));
        final RoutePlan<String> plan = plan(2);
        health(plan, 0).attemptStarted(true);
        health(plan, 0).attemptSucceeded(Duration.ofMillis(150)); // p0 usually answers in 150 ms

        assertThat(policy.afterFailure(plan, new History(0, 1, 1, Optional.of(Duration.ofMillis(300))), unavailable()))
                .hasValueSatisfying(step -> assertThat(step.candidate()).isZero());
        assertThat(policy.afterFailure(plan, new History(0, 1, 1, Optional.of(Duration.ofMillis(100))), unavailable()))
                .as("p0 would not answer in time; p1 is unknown, so it may").contains(now(1));
        assertThat(policy.afterFailure(plan, new History(0, 1, 1, Optional.of(Duration.ZERO)), unavailable()))
                .isEmpty();
    }

    @Test
    void theNextCandidatesWhoseBreakersRefuseAreSkipped() {
        breaker = new BreakerSettings(null, null, null, 1, Duration.ofMinutes(1));
        final RoutePlan<String> plan = plan(4);
        for (int open : new int[] { 1, 2 }) {
            health(plan, open).attemptStarted(true);
            health(plan, open).attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE);
        }

        assertThat(afterFirstFailure(plan, provider(ErrorKind.UNAUTHENTICATED, 401, false))).contains(now(3));

        health(plan, 3).attemptStarted(true);
        health(plan, 3).attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE);
        assertThat(afterFirstFailure(plan, provider(ErrorKind.UNAUTHENTICATED, 401, false))).isEmpty();
    }

    @Test
    void aTargetWhoseBreakerOpenedIsNotRetried() {
        breaker = new BreakerSettings(null, null, null, 1, Duration.ofMinutes(1));
        final RoutePlan<String> plan = plan(2);
        health(plan, 0).attemptStarted(true);
        health(plan, 0).attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE); // as the executor reports it

        assertThat(afterFirstFailure(plan, unavailable())).as("its breaker just opened: move on").contains(now(1));
    }

    @Test
    void theFirstStepIsTheFirstCandidateWhoseBreakerLetsItThrough() {
        breaker = new BreakerSettings(null, null, null, 1, Duration.ofMinutes(1));
        final RoutePlan<String> plan = plan(3);

        assertThat(policy.first(plan)).contains(now(0));

        health(plan, 0).attemptStarted(true);
        health(plan, 0).attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE);
        assertThat(policy.first(plan)).contains(now(1));
    }
}
