package dev.llmg.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Collects what one run observed, in microseconds: latency from each request's intended send time to its
 * last byte, and for streams the time to the first chunk and the gaps between chunks.
 */
final class Measurements {

    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

    final Histogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    final Histogram firstChunk = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    final Histogram chunkGap = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    final LongAdder errors = new LongAdder();
    final LongAdder ok = new LongAdder();
    private final AtomicLong lastCompletionNanos = new AtomicLong();

    /** Records a successful request that was meant to be sent at {@code intendedNanos}. */
    void success(long intendedNanos) {
        final long now = System.nanoTime();
        latency.recordValue(micros(now - intendedNanos));
        ok.increment();
        lastCompletionNanos.accumulateAndGet(now, Math::max);
    }

    /** Records a failed request (an error status, a transport failure, a timeout, or one never sent). */
    void error() {
        errors.increment();
        lastCompletionNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /** Records the first chunk of a stream. */
    void firstChunk(long intendedNanos, long nowNanos) {
        firstChunk.recordValue(micros(nowNanos - intendedNanos));
    }

    /** Records the time between two chunks of a stream. */
    void gap(long nanos) {
        chunkGap.recordValue(micros(nanos));
    }

    /** Returns when the last request finished, in {@link System#nanoTime()} terms. */
    long lastCompletionNanos() {
        return lastCompletionNanos.get();
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }
}
