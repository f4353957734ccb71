package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

/**
 * Names one shared counter: a scope, what it counts, and the window it counts in.
 *
 * @param scope the scope id, e.g. {@code tenant:acme}
 * @param kind what is counted: {@link #REQUESTS}, {@link #TOKENS}, {@link #SPEND_DAY} or {@link #SPEND_MONTH}
 * @param windowStart the epoch second the window starts at
 */
public record CounterKey(String scope, String kind, long windowStart) {

    /** Request units leased per minute. */
    public static final String REQUESTS = "requests";
    /** Tokens charged per minute. */
    public static final String TOKENS = "tokens";
    /** Nano-USD charged per UTC day. */
    public static final String SPEND_DAY = "spend_day";
    /** Nano-USD charged per UTC month. */
    public static final String SPEND_MONTH = "spend_month";

    /** Checks the parts are present. */
    public CounterKey {
        requireNonNull(scope, "scope");
        requireNonNull(kind, "kind");
    }
}
