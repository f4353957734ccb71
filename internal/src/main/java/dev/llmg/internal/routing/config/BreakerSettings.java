package dev.llmg.internal.routing.config;

import java.time.Duration;

/**
 * When a target's circuit breaker opens and how it recovers ({@code routing.breaker}); one breaker per target
 * (provider and model), since one provider host serves many models.
 *
 * @param failureRatio the share of failed requests over {@code window} that opens the breaker
 * @param minimumRequests how many requests {@code window} must hold before the ratio counts
 * @param window how far back requests are counted
 * @param consecutiveFailures how many failures in a row open the breaker, whatever the ratio (0: off)
 * @param coolDown how long an open breaker skips its target before it lets one probe through
 */
public record BreakerSettings(Double failureRatio, Integer minimumRequests, Duration window,
                              Integer consecutiveFailures, Duration coolDown) {

    /** The defaults: 50% of at least 10 requests over 10 s, or 5 failures in a row; 10 s of cool-down. */
    public static final BreakerSettings DEFAULT = new BreakerSettings(null, null, null, null, null);

    /** Checks the numbers make sense and fills in what is unset from the defaults. */
    public BreakerSettings {
        failureRatio = failureRatio == null ? 0.5 : failureRatio;
        minimumRequests = minimumRequests == null ? 10 : minimumRequests;
        window = window == null ? Duration.ofSeconds(10) : window;
        consecutiveFailures = consecutiveFailures == null ? 5 : consecutiveFailures;
        coolDown = coolDown == null ? Duration.ofSeconds(10) : coolDown;
        if (!(failureRatio > 0 && failureRatio <= 1)) {
            throw new IllegalArgumentException("failure_ratio must be more than 0 and at most 1, not " + failureRatio);
        }
        if (minimumRequests < 1) {
            throw new IllegalArgumentException("minimum_requests must be at least 1");
        }
        if (window.isZero()) {
            throw new IllegalArgumentException("window must be longer than 0s");
        }
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutive_failures must not be negative (0 turns it off)");
        }
        if (coolDown.isZero()) {
            throw new IllegalArgumentException("cool_down must be longer than 0s");
        }
    }
}
