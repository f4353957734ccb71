package dev.llmg.internal.routing.health;

import java.time.Duration;

import dev.llmg.internal.routing.config.RetryBudgetSettings;

/**
 * Bounds the retries sent to one target to a share of the requests it got recently, plus a small floor, over
 * a sliding window of one-second buckets, so that an outage does not multiply the load on a failing provider.
 */
final class RetryBudget {

    private final double ratio;
    private final long floor;
    private final long bucketNanos;
    private final long[] requests;
    private final long[] retries;
    private final long[] bucketStart;

    RetryBudget(RetryBudgetSettings settings) {
        ratio = settings.ratio();
        final int buckets = (int) Math.max(1, Math.min(600, settings.window().toSeconds()));
        floor = (long) settings.minPerSecond() * buckets;
        bucketNanos = Math.max(1, settings.window().toNanos() / buckets);
        requests = new long[buckets];
        retries = new long[buckets];
        bucketStart = new long[buckets];
    }

    /** Counts a first attempt of a call. */
    synchronized void request(long nowNanos) {
        requests[bucket(nowNanos)]++;
    }

    /** Takes a retry from the budget if one is left; returns whether it was. */
    synchronized boolean tryRetry(long nowNanos) {
        final int current = bucket(nowNanos);
        long sentRequests = 0;
        long sentRetries = 0;
        for (int i = 0; i < requests.length; i++) {
            sentRequests += requests[i];
            sentRetries += retries[i];
        }
        if (sentRetries >= (long) (ratio * sentRequests) + floor) {
            return false;
        }
        retries[current]++;
        return true;
    }

    /** Returns the bucket of {@code nowNanos}, clearing buckets that fell out of the window. */
    private int bucket(long nowNanos) {
        final long tick = Math.floorDiv(nowNanos, bucketNanos);
        final int index = (int) Math.floorMod(tick, requests.length);
        if (bucketStart[index] != tick) {
            bucketStart[index] = tick;
            requests[index] = 0;
            retries[index] = 0;
        }
        // Buckets not touched for a whole window hold stale counts: clear them too.
        for (int i = 0; i < requests.length; i++) {
            if (tick - bucketStart[i] >= requests.length) {
                bucketStart[i] = tick - requests.length;
                requests[i] = 0;
                retries[i] = 0;
            }
        }
        return index;
    }

    /** Returns the window this budget counts over, for messages. */
    Duration window() {
        return Duration.ofNanos(bucketNanos * requests.length);
    }
}
