package dev.llmg.internal.routing;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import com.linecorp.armeria.client.retry.Backoff;

import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.spi.GatewayException;

/**
 * Decides the next attempt by the {@link FailureTable}: retries the same target with exponential backoff and
 * full jitter (Armeria's {@link Backoff}) or after the provider's {@code Retry-After}, while the target's tries
 * and retry budget last, its breaker lets it through and the wait fits in the deadline; otherwise moves on to
 * the next candidate whose breaker lets an attempt through. No retry and no next candidate is tried when what
 * is left of the deadline is shorter than the wait plus the target's usual latency: it could not finish. (The
 * first attempt starts whatever its target's latency: {@link #first} is not told the deadline.)
 */
final class RoutingAttemptPolicy implements AttemptPolicy {

    @Inject
    RoutingAttemptPolicy() {}

    @Override
    public Optional<Step> first(RoutePlan<?> plan) {
        return nextFrom(plan, 0, Optional.empty());
    }

    @Override
    public Optional<Step> afterFailure(RoutePlan<?> plan, History history, GatewayException failure) {
        final FailureTable.Action action = FailureTable.actionFor(failure);
        if (action == FailureTable.Action.GIVE_UP) {
            return Optional.empty();
        }
        if (action == FailureTable.Action.ASK_AGAIN
            && fits(plan.candidates().get(history.candidate()), Duration.ZERO, history.timeLeft())) {
            return Optional.of(new Step(history.candidate(), Duration.ZERO));
        }
        if (action == FailureTable.Action.RETRY) {
            final Optional<Step> again = retry(plan.candidates().get(history.candidate()), history, failure);
            if (again.isPresent()) {
                return again;
            }
        }
        return nextFrom(plan, history.candidate() + 1, history.timeLeft());
    }

    private static Optional<Step> retry(Candidate<?> candidate, History history, GatewayException failure) {
        final RetrySettings retry = candidate.group().retry();
        if (history.attemptsAtCandidate() >= retry.attempts()) {
            return Optional.empty();
        }
        final Duration asked = FailureTable.retryAfterOf(failure);
        final Duration wait = asked != null ? asked : backoff(retry, history.attemptsAtCandidate());
        if (wait.compareTo(retry.maxBackoff()) > 0 || !fits(candidate, wait, history.timeLeft())) {
            return Optional.empty(); // waiting would not fit: move on at once instead
        }
        if (!candidate.route().health().tryAcquire()) {
            return Optional.empty(); // its breaker opened (this failure may have opened it): spare the target
        }
        if (!candidate.route().health().tryRetry()) {
            return Optional.empty(); // the target's retry budget is spent: do not add to its load
        }
        return Optional.of(new Step(history.candidate(), wait));
    }

    private static Optional<Step> nextFrom(RoutePlan<?> plan, int from, Optional<Duration> timeLeft) {
        for (int i = from; i < plan.candidates().size(); i++) {
            final Candidate<?> candidate = plan.candidates().get(i);
            if (fits(candidate, Duration.ZERO, timeLeft) && candidate.route().health().tryAcquire()) {
                return Optional.of(new Step(i, Duration.ZERO));
            }
        }
        return Optional.empty();
    }

    /** Returns whether an attempt at {@code candidate} after {@code wait} can finish within {@code timeLeft}. */
    private static boolean fits(Candidate<?> candidate, Duration wait, Optional<Duration> timeLeft) {
        if (timeLeft.isEmpty()) {
            return true;
        }
        final double usual = candidate.route().health().latencyMillis();
        final Duration needed = wait.plusMillis(Double.isNaN(usual) ? 0 : (long) usual);
        return needed.compareTo(timeLeft.get()) < 0;
    }

    /** Returns the wait before retry number {@code retries} (from 1): exponential, with full jitter. */
    private static Duration backoff(RetrySettings retry, int retries) {
        if (retry.maxBackoff().isZero()) {
            return Duration.ZERO; // retries at once; Armeria's Backoff refuses a longest delay under 1 ms
        }
        final long delay = Backoff.exponential(Math.max(1, retry.backoff().toMillis()), retry.maxBackoff().toMillis())
                                  .withJitter(-1.0, 0.0)
                                  .nextDelayMillis(retries);
        return Duration.ofMillis(Math.max(0, delay));
    }
}
