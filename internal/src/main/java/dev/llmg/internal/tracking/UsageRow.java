package dev.llmg.internal.tracking;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of a usage report.
 *
 * @param bucketStart the start of the minute, hour or day (UTC); null when the report has no buckets
 * @param key the model, provider or caller of the row; null when the report is not grouped
 * @param requests calls counted
 * @param errors calls that did not end OK
 * @param inputTokens prompt tokens summed
 * @param outputTokens generated tokens summed
 * @param cachedInputTokens cached prompt tokens summed
 * @param reasoningTokens reasoning tokens summed
 * @param costUsd cost summed over the calls whose prices are known
 * @param latencyP50Millis the median call latency, in milliseconds
 * @param latencyP95Millis the 95th percentile of call latency, in milliseconds
 * @param latencyP99Millis the 99th percentile of call latency, in milliseconds
 * @param firstPiece time to the first piece of the streamed calls that had one; NaN when none had
 * @param overhead the gateway's own time per call
 * @param streamed calls streamed
 * @param retries attempts beyond each call's first, summed
 * @param fallbacks calls whose last attempt went to a fallback of the model routing started with
 */
public record UsageRow(Instant bucketStart, String key, long requests, long errors, long inputTokens,
                       long outputTokens, long cachedInputTokens, long reasoningTokens, BigDecimal costUsd,
                       double latencyP50Millis, double latencyP95Millis, double latencyP99Millis,
                       Percentiles firstPiece, Percentiles overhead, long streamed, long retries, long fallbacks) {

    /** Creates a row of the sums reports had before time to first piece, overhead, retries and fallbacks. */
    public UsageRow(Instant bucketStart, String key, long requests, long errors, long inputTokens,
                    long outputTokens, long cachedInputTokens, long reasoningTokens, BigDecimal costUsd,
                    double latencyP50Millis, double latencyP95Millis, double latencyP99Millis) {
        this(bucketStart, key, requests, errors, inputTokens, outputTokens, cachedInputTokens, reasoningTokens,
             costUsd, latencyP50Millis, latencyP95Millis, latencyP99Millis, Percentiles.NONE, Percentiles.NONE, 0,
             0, 0);
    }

    /**
     * Three percentiles of a duration, in milliseconds; NaN when no call had the duration.
     *
     * @param p50Millis the median
     * @param p95Millis the 95th percentile
     * @param p99Millis the 99th percentile
     */
    public record Percentiles(double p50Millis, double p95Millis, double p99Millis) {

        /** No call had the duration. */
        public static final Percentiles NONE = new Percentiles(Double.NaN, Double.NaN, Double.NaN);

        /** Returns whether some call had the duration. */
        public boolean known() {
            return !Double.isNaN(p50Millis);
        }
    }
}
