package dev.llmg.internal.quota;

import java.math.BigDecimal;

/** A call admitted by every scope it belongs to; the caller ends it with {@link #release}. */
public interface QuotaPermit {

    /**
     * Returns values for OpenAI-style headers from the most constrained scope: {@code x-ratelimit-limit-requests},
     * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and the same three for tokens;
     * empty when no scope limits them.
     */
    RateLimitHeaders headers();

    /**
     * Ends the call: frees its concurrency slot and charges its tokens and cost (USD) to every scope that limits
     * them. Idempotent (only the first call counts) and non-blocking, so it may run on an event loop.
     */
    void release(long tokens, BigDecimal cost);
}
