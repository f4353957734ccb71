package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

/**
 * What a usage report sums: which calls, by what it groups them, and over which time buckets.
 *
 * @param filter the calls counted (a time range is expected: usage over all time scans every row)
 * @param groupBy the column rows are grouped by
 * @param bucket the time bucket rows are grouped by
 */
public record UsageQuery(InferenceFilter filter, GroupBy groupBy, Bucket bucket) {

    /** Checks every part is present. */
    public UsageQuery {
        requireNonNull(filter, "filter");
        requireNonNull(groupBy, "groupBy");
        requireNonNull(bucket, "bucket");
    }

    /** What usage is grouped by. */
    public enum GroupBy {
        /** One row for everything. */
        NONE,
        /** The model (or group) callers asked for. */
        MODEL,
        /** The provider that answered. */
        PROVIDER,
        /** The caller. */
        CALLER
    }

    /** The time bucket of usage rows. */
    public enum Bucket {
        /** One bucket for the whole range. */
        NONE,
        /** Hours (UTC). */
        HOUR,
        /** Days (UTC). */
        DAY,
        /** Minutes (UTC); a report of them spans at most a week, so that it stays a chart, not a dump. */
        MINUTE
    }
}
