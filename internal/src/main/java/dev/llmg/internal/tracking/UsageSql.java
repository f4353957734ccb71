package dev.llmg.internal.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import dev.llmg.internal.tracking.UsageQuery.Bucket;
import dev.llmg.internal.tracking.UsageQuery.GroupBy;

/**
 * The usage report's SQL, which H2 2.x and PostgreSQL run unchanged: an inner query gives every call its
 * bucket and key, the outer one groups and sums them. Buckets are whole hours or days since the epoch, from
 * {@code EXTRACT(EPOCH FROM started_at)}, which is an absolute instant on both databases; {@code DATE_TRUNC}
 * would truncate in PostgreSQL's session time zone instead of UTC. Percentiles are
 * {@code PERCENTILE_CONT ... WITHIN GROUP}, which both support and which skips NULLs: time to first piece is
 * NULL for calls that were not streamed or had no first piece, so its percentiles are over the others only.
 * Retries and fallbacks come from {@code attempt_count} and {@code fell_back} (V10), written with each call.
 */
final class UsageSql {

    private static final long MINUTE_SECONDS = 60;
    private static final long HOUR_SECONDS = 3600;
    private static final long DAY_SECONDS = 86_400;

    private UsageSql() {}

    /** Returns the report's query, given the WHERE clause (empty or starting with a space) of its filter. */
    static String select(GroupBy groupBy, Bucket bucket, String where) {
        return "SELECT bucket, k, COUNT(*) AS requests, "
               + "SUM(CASE WHEN status <> 'OK' THEN 1 ELSE 0 END) AS errors, "
               + "COALESCE(SUM(input_tokens), 0) AS input_tokens, "
               + "COALESCE(SUM(output_tokens), 0) AS output_tokens, "
               + "COALESCE(SUM(cached_input_tokens), 0) AS cached_input_tokens, "
               + "COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens, "
               + "COALESCE(SUM(cost_usd), 0) AS cost_usd, "
               + "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_micros) AS p50, "
               + "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY latency_micros) AS p95, "
               + "PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY latency_micros) AS p99, "
               + percentiles("first_piece", "fp") + percentiles("overhead_micros", "oh")
               + "SUM(CASE WHEN streamed THEN 1 ELSE 0 END) AS streamed, "
               + "COALESCE(SUM(CASE WHEN attempt_count > 1 THEN attempt_count - 1 ELSE 0 END), 0) AS retries, "
               + "SUM(CASE WHEN fell_back THEN 1 ELSE 0 END) AS fallbacks "
               + "FROM (SELECT " + bucketExpression(bucket) + " AS bucket, " + keyColumn(groupBy) + " AS k, "
               + "status, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, "
               + "latency_micros, CASE WHEN streamed THEN first_piece_micros END AS first_piece, overhead_micros, "
               + "streamed, attempt_count, fell_back FROM inferences" + where + ") calls "
               + "GROUP BY bucket, k ORDER BY bucket, k NULLS LAST";
    }

    /** Reads one row of the report. */
    static UsageRow row(ResultSet rs, Bucket bucket, GroupBy groupBy) throws SQLException {
        final Instant bucketStart = bucket == Bucket.NONE ? null
                                                          : Instant.ofEpochSecond(rs.getLong("bucket") * seconds(bucket));
        return new UsageRow(bucketStart, groupBy == GroupBy.NONE ? null : rs.getString("k"),
                            rs.getLong("requests"), rs.getLong("errors"), rs.getLong("input_tokens"),
                            rs.getLong("output_tokens"), rs.getLong("cached_input_tokens"),
                            rs.getLong("reasoning_tokens"), InferenceRows.decimal(rs, "cost_usd"),
                            rs.getDouble("p50") / 1000.0, rs.getDouble("p95") / 1000.0, rs.getDouble("p99") / 1000.0,
                            percentiles(rs, "fp"), percentiles(rs, "oh"), rs.getLong("streamed"),
                            rs.getLong("retries"), rs.getLong("fallbacks"));
    }

    /** Returns the three percentiles of {@code column}, named {@code prefix}_p50 and so on, each with a comma. */
    private static String percentiles(String column, String prefix) {
        return "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + column + ") AS " + prefix + "_p50, "
               + "PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY " + column + ") AS " + prefix + "_p95, "
               + "PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY " + column + ") AS " + prefix + "_p99, ";
    }

    /** Reads the percentiles {@link #percentiles(String, String)} selected, in milliseconds; none when NULL. */
    private static UsageRow.Percentiles percentiles(ResultSet rs, String prefix) throws SQLException {
        final double p50 = rs.getDouble(prefix + "_p50");
        if (rs.wasNull()) {
            return UsageRow.Percentiles.NONE;
        }
        return new UsageRow.Percentiles(p50 / 1000.0, rs.getDouble(prefix + "_p95") / 1000.0,
                                        rs.getDouble(prefix + "_p99") / 1000.0);
    }

    private static String bucketExpression(Bucket bucket) {
        if (bucket == Bucket.NONE) {
            return "0";
        }
        // Whole buckets since the epoch (minutes, hours or days); UTC days are 86,400 s long (the epoch count
        // has no leap seconds).
        return "FLOOR(EXTRACT(EPOCH FROM started_at) / " + seconds(bucket) + ')';
    }

    private static long seconds(Bucket bucket) {
        switch (bucket) {
            case MINUTE: return MINUTE_SECONDS;
            case HOUR: return HOUR_SECONDS;
            default: return DAY_SECONDS;
        }
    }

    private static String keyColumn(GroupBy groupBy) {
        switch (groupBy) {
            case MODEL: return "requested_model";
            case PROVIDER: return "provider";
            case CALLER: return "caller";
            default: return "CAST(NULL AS VARCHAR(255))";
        }
    }
}
