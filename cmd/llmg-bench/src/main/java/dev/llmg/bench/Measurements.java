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

    /** Starts timing the chunks of one stream whose request was due at {@code intendedNanos}. */
    ChunkClock chunkClock(long intendedNanos) {
        return new ChunkClock(intendedNanos);
    }

    /**
     * Times the chunks of one stream: the first against the request's intended send time (so queueing shows),
     * each later one as the gap since the previous.
     */
    final class ChunkClock {
        private final long intendedNanos;
        private long last;

        private ChunkClock(long intendedNanos) {
            this.intendedNanos = intendedNanos;
        }

        /** Records a chunk that arrived now. */
        void arrived() {
            final long now = System.nanoTime();
            if (last == 0) {
                firstChunk.recordValue(micros(now - intendedNanos));
            } else {
                chunkGap.recordValue(micros(now - last));
            }
            last = now;
        }
    }

    /** Returns when the last request finished, in {@link System#nanoTime()} terms. */
    long lastCompletionNanos() {
        return lastCompletionNanos.get();
    }

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
    }
}
