package dev.llmg.internal.tracking;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of a usage report.
 *
 * @param bucketStart the start of the hour or day (UTC); null when the report has no buckets
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
 */
public record UsageRow(Instant bucketStart, String key, long requests, long errors, long inputTokens,
                       long outputTokens, long cachedInputTokens, long reasoningTokens, BigDecimal costUsd,
                       double latencyP50Millis, double latencyP95Millis, double latencyP99Millis) {
}
