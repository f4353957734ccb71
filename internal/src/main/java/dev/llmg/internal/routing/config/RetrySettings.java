package dev.llmg.internal.routing.config;

import java.time.Duration;

/**
 * How failed attempts are retried ({@code routing.retry}, or a model's own {@code retry}): unset values come
 * from the routing default.
 *
 * @param attempts the most tries of one target in one call, the first included (1: no retry of the same
 *                 target; moving on to the next target is decided by the failure, not by this number)
 * @param backoff the first wait before retrying the same target; each further wait doubles, with full jitter
 * @param maxBackoff the longest wait, also the longest {@code Retry-After} a provider may ask for before the
 *                   call moves on to the next target instead
 */
public record RetrySettings(Integer attempts, Duration backoff, Duration maxBackoff) {

    /** The defaults: three tries of a target, waits from 200 ms up to 5 s. */
    public static final RetrySettings DEFAULT = new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** Checks the numbers make sense. */
    public RetrySettings {
        if (attempts != null && (attempts < 1 || attempts > 10)) {
            throw new IllegalArgumentException("attempts must be between 1 and 10, not " + attempts);
        }
        if (backoff != null && maxBackoff != null && backoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("backoff (" + backoff + ") must not be longer than max_backoff ("
                                               + maxBackoff + ')');
        }
    }

    /** Returns these settings, with what is unset here taken from {@code fallback}. */
    public RetrySettings orElse(RetrySettings fallback) {
        return new RetrySettings(attempts != null ? attempts : fallback.attempts,
                                 backoff != null ? backoff : fallback.backoff,
                                 maxBackoff != null ? maxBackoff : fallback.maxBackoff);
    }
}
