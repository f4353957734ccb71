package dev.llmg.internal.routing.config;

import java.time.Duration;

/**
 * Bounds retries to a share of recent requests ({@code routing.retry_budget}), per target, so that an outage
 * does not multiply the load on a provider that is already failing.
 *
 * @param ratio the most retries to a target as a share of the requests it got over {@code window}
 * @param window how far back requests and retries are counted
 * @param minPerSecond retries allowed per second whatever the ratio, so that a quiet target can still be retried
 */
public record RetryBudgetSettings(Double ratio, Duration window, Integer minPerSecond) {

    /** The defaults: 20% over 10 s, and at least one retry a second. */
    public static final RetryBudgetSettings DEFAULT = new RetryBudgetSettings(0.2, Duration.ofSeconds(10), 1);

    /** Checks the numbers make sense and fills in what is unset from the defaults. */
    public RetryBudgetSettings {
        ratio = ratio == null ? 0.2 : ratio;
        window = window == null ? Duration.ofSeconds(10) : window;
        minPerSecond = minPerSecond == null ? 1 : minPerSecond;
        if (ratio < 0 || ratio > 10 || ratio.isNaN()) {
            throw new IllegalArgumentException("ratio must be between 0 and 10, not " + ratio);
        }
        if (window.isZero() || window.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("window must be longer than 0s and at most 10m");
        }
        if (minPerSecond < 0) {
            throw new IllegalArgumentException("min_per_second must not be negative");
        }
    }
}
