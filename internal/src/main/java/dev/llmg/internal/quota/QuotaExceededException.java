package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Refuses a call because one of its scopes is at a limit: {@link ErrorKind#RATE_LIMITED} (gRPC
 * RESOURCE_EXHAUSTED, HTTP 429), with reason {@code rate_limit_exceeded} for requests, tokens and concurrency
 * or {@code budget_exceeded} for spend, and a message naming the scope, what it used up and when to retry.
 * Refusals are expected: they are not failures to log.
 */
public final class QuotaExceededException extends GatewayException {

    /** The reason of a refusal on requests, tokens or concurrency. */
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    /** The reason of a refusal on spend. */
    public static final String BUDGET_EXCEEDED = "budget_exceeded";

    private static final long serialVersionUID = 1L;

    private final String scope;
    private final transient Duration retryAfter;
    private final transient RateLimitHeaders headers;

    /** Creates a refusal of {@code scope} that may be retried after {@code retryAfter}. */
    public QuotaExceededException(String scope, String reason, String message, Duration retryAfter,
                                  RateLimitHeaders headers) {
        super(ErrorKind.RATE_LIMITED, reason, message);
        this.scope = requireNonNull(scope, "scope");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter");
        this.headers = requireNonNull(headers, "headers");
    }

    /** Returns the id of the scope that refused, e.g. {@code team:acme/search}. */
    public String scope() {
        return scope;
    }

    /** Returns how long until the limit that refused resets (1 s for concurrency), for {@code retry-after}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Returns the rate-limit headers of the refusal (remaining 0 on the refused kind). */
    public RateLimitHeaders headers() {
        return headers;
    }

    /** Returns {@code retryAfter} in whole seconds, rounded up, as the {@code retry-after} header wants. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
