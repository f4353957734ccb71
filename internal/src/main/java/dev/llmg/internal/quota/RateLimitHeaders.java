package dev.llmg.internal.quota;

import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The OpenAI-style rate-limit headers of a call, from its most constrained scope: independent of any HTTP
 * library so that the server adds them wherever it writes headers. A limit of 0 means no scope limits that
 * kind, and its three headers are left out.
 *
 * @param limitRequests the requests-per-minute limit, 0 when none
 * @param remainingRequests requests the scope may still make this minute
 * @param resetRequests time until the requests window resets
 * @param limitTokens the tokens-per-minute limit, 0 when none
 * @param remainingTokens tokens the scope may still use this minute
 * @param resetTokens time until the tokens window resets
 */
public record RateLimitHeaders(long limitRequests, long remainingRequests, Duration resetRequests,
                               long limitTokens, long remainingTokens, Duration resetTokens) {

    private static final RateLimitHeaders NONE = new RateLimitHeaders(0, 0, Duration.ZERO, 0, 0, Duration.ZERO);

    /** Returns the headers of a call no scope limits. */
    public static RateLimitHeaders none() {
        return NONE;
    }

    /** Returns whether there is no header to send. */
    public boolean isEmpty() {
        return limitRequests == 0 && limitTokens == 0;
    }

    /** Passes each header name and value to {@code sink}, e.g. {@code headers::add} of any HTTP library. */
    public void addTo(BiConsumer<String, String> sink) {
        if (limitRequests > 0) {
            sink.accept("x-ratelimit-limit-requests", Long.toString(limitRequests));
            sink.accept("x-ratelimit-remaining-requests", Long.toString(Math.max(0, remainingRequests)));
            sink.accept("x-ratelimit-reset-requests", durationText(resetRequests));
        }
        if (limitTokens > 0) {
            sink.accept("x-ratelimit-limit-tokens", Long.toString(limitTokens));
            sink.accept("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, remainingTokens)));
            sink.accept("x-ratelimit-reset-tokens", durationText(resetTokens));
        }
    }

    /** Returns the header names and values, in the order OpenAI sends them. */
    public List<Map.Entry<String, String>> entries() {
        final List<Map.Entry<String, String>> entries = new ArrayList<>(6);
        addTo((name, value) -> entries.add(new SimpleImmutableEntry<>(name, value)));
        return entries;
    }

    /**
     * Writes a duration as OpenAI does (Go's notation): {@code 20ms} under a second, else whole seconds
     * rounded up, with minutes and hours when needed: {@code 1s}, {@code 6m0s}, {@code 1h2m3s}.
     */
    public static String durationText(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "0s";
        }
        final long millis = duration.toMillis() + (duration.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        if (millis < 1000) {
            return millis + "ms";
        }
        final long seconds = (millis + 999) / 1000;
        final long hours = seconds / 3600;
        final long minutes = seconds % 3600 / 60;
        final long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
