package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

import dev.llmg.spi.GatewayException;

/**
 * Says which candidate of a plan to try next, and after what wait: the one place where retries, fallbacks
 * and backoff are decided, the same for unary calls, streams and embeddings.
 */
public interface AttemptPolicy {

    /**
     * One decision: try the plan's candidate at {@code candidate} after waiting {@code backoff}.
     *
     * @param candidate the index in {@link RoutePlan#candidates()}
     * @param backoff how long to wait first (zero to start at once)
     */
    record Step(int candidate, Duration backoff) {

        /** Checks the step is possible. */
        public Step {
            requireNonNull(backoff, "backoff");
            if (candidate < 0 || backoff.isNegative()) {
                throw new IllegalArgumentException("candidate " + candidate + ", backoff " + backoff);
            }
        }
    }

    /**
     * What one call has tried so far, for the policy to decide on.
     *
     * @param candidate the index of the candidate that just failed
     * @param attemptsAtCandidate how many attempts that candidate has had in this call
     * @param attempts how many attempts the call has made in all
     * @param timeLeft what is left of the call's deadline; empty when it has none
     */
    record History(int candidate, int attemptsAtCandidate, int attempts, Optional<Duration> timeLeft) {}

    /** Returns the first step of a call, or empty when no candidate may be tried now. */
    Optional<Step> first(RoutePlan<?> plan);

    /** Returns the step after a failed attempt, or empty to give up and report {@code failure}. */
    Optional<Step> afterFailure(RoutePlan<?> plan, History history, GatewayException failure);

    /** Returns the policy that tries the first candidate once and never again. */
    static AttemptPolicy singleAttempt() {
        return new AttemptPolicy() {
            @Override
            public Optional<Step> first(RoutePlan<?> plan) {
                return Optional.of(new Step(0, Duration.ZERO));
            }

            @Override
            public Optional<Step> afterFailure(RoutePlan<?> plan, History history, GatewayException failure) {
                return Optional.empty();
            }
        };
    }
}
