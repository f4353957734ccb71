package dev.llmg.internal.tracking;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Records of calls as a busy gateway would have kept them over the last week, for benchmarks that read the
 * {@code inferences} table: a fixed seed, so that every run stores the same rows. A fifth of the calls are in
 * the last hour (the dashboard's default range), the rest spread evenly over the week before; four models
 * (one of them a group), three providers, twenty callers, about 7 % errors, 40 % streamed, 8 % retried (a
 * third of those answered by a fallback). Bodies are not captured ({@code tracking.capture_bodies} is off by
 * default).
 */
final class SyntheticCalls {

    /** The span the calls are spread over. */
    static final Duration WEEK = Duration.ofDays(7);
    /** The dashboard's default range, which holds {@link #RECENT_SHARE} of the calls. */
    static final Duration HOUR = Duration.ofHours(1);
    /** The share of calls in the last hour. */
    static final double RECENT_SHARE = 0.2;

    private static final String[] MODELS = {"gpt-4o-mini", "gpt-4o", "claude-sonnet", "fast"};
    private static final String[] PROVIDERS = {"openai", "anthropic", "azure"};
    private static final String[] STATUSES = {"UNAVAILABLE", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
                                              "RESOURCE_EXHAUSTED"};
    private static final String[] ERROR_KINDS = {"unavailable", "invalid_argument", "deadline_exceeded",
                                                 "resource_exhausted"};
    private static final BigDecimal MICRO_USD_PER_TOKEN = new BigDecimal("0.0000006");

    private final Instant now;
    private final String idPrefix;
    private final SplittableRandom random = new SplittableRandom(42);
    private int sequence;

    /** Spreads calls over the week before {@code now}; their ids start with {@code idPrefix}. */
    SyntheticCalls(Instant now, String idPrefix) {
        this.now = now;
        this.idPrefix = idPrefix;
    }

    /** Returns the next {@code count} calls, in no particular order of time. */
    List<InferenceRecord> next(int count) {
        final List<InferenceRecord> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(next());
        }
        return batch;
    }

    private InferenceRecord next() {
        final int n = sequence++;
        final boolean recent = random.nextDouble() < RECENT_SHARE;
        final Duration span = recent ? HOUR : WEEK.minus(HOUR);
        final Instant startedAt = now.minus(recent ? Duration.ZERO : HOUR)
                                     .minus((long) (random.nextDouble() * span.toMillis()), ChronoUnit.MILLIS);
        final String requested = MODELS[weighted(4, 3, 2, 1)];
        // Claude from Anthropic; the others from OpenAI, a third of them through Azure.
        final String provider = requested.startsWith("claude") ? PROVIDERS[1]
                                                               : PROVIDERS[random.nextInt(3) == 0 ? 2 : 0];
        final boolean streamed = random.nextDouble() < 0.4;
        final double roll = random.nextDouble();
        final int failure = roll < 0.04 ? 0 : roll < 0.055 ? 1 : roll < 0.065 ? 2 : roll < 0.07 ? 3 : -1;
        final boolean ok = failure < 0;
        final boolean retried = random.nextDouble() < 0.08;
        final boolean fellBack = retried && random.nextInt(3) == 0;
        final long latency = 200_000 + (long) (random.nextDouble() * random.nextDouble() * 8_000_000);
        final Long firstPiece = streamed && ok ? Long.valueOf(latency / 5) : null;
        final Integer input = failure == 1 ? null : 50 + random.nextInt(4000);
        final Integer output = ok ? 10 + random.nextInt(800) : null;
        final BigDecimal cost = ok ? MICRO_USD_PER_TOKEN.multiply(BigDecimal.valueOf(input + 4L * output)) : null;
        final List<AttemptRecord> attempts = attempts(failure == 1 ? 0 : retried ? 2 : 1, provider, requested,
                                                      ok, latency);
        return new InferenceRecord(idPrefix + String.format("%08d", n), startedAt, n % 5 == 0 ? "acme" : null,
                                   String.format("key-%02d", random.nextInt(20)), streamed ? "openai" : "rest",
                                   "chat", requested, null, requested, failure == 1 ? null : provider, requested,
                                   streamed, ok ? "OK" : STATUSES[failure], ok ? null : ERROR_KINDS[failure],
                                   ok ? null : "the provider failed", latency, firstPiece,
                                   300 + random.nextInt(3000), input, output, ok ? 0 : null, ok ? 0 : null, false,
                                   cost, ok ? "stop" : null, null, null, null, null, null, null, null, null,
                                   List.of(), null, attempts, fellBack);
    }

    private List<AttemptRecord> attempts(int count, String provider, String model, boolean ok, long latency) {
        final List<AttemptRecord> attempts = new ArrayList<>(count);
        for (int number = 1; number <= count; number++) {
            final boolean last = number == count;
            final boolean succeeded = last && ok;
            attempts.add(new AttemptRecord(number, provider, model, succeeded ? "succeeded" : "failed",
                                           succeeded ? null : "unavailable", succeeded ? null : "HTTP 503",
                                           latency / count, number == 1 ? 0 : 250_000, succeeded ? 200 : 503,
                                           "prov-" + number, null, List.of()));
        }
        return attempts;
    }

    /** Returns an index drawn with the given relative weights. */
    private int weighted(int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
