package dev.llmg.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends requests in an open loop: at a constant arrival rate from a timer, whatever the responses do, and
 * measures every request from its intended send time, so that queueing shows in the latency instead of
 * slowing the sender down (no coordinated omission).
 */
final class LoadGenerator {

    /** What a run achieved besides the histograms. */
    record Outcome(long sent, double achievedRate, double seconds) {}

    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    private final int maxInFlight;
    private final Duration drainTimeout;

    LoadGenerator(int maxInFlight, Duration drainTimeout) {
        this.maxInFlight = maxInFlight;
        this.drainTimeout = drainTimeout;
    }

    /** Sends {@code rate} requests a second for {@code duration} to {@code target}, recording into {@code sink}. */
    Outcome run(Target target, int rate, Duration duration, Measurements sink) {
        final long period = TimeUnit.SECONDS.toNanos(1) / rate;
        final long count = Math.max(1, rate * duration.toNanos() / TimeUnit.SECONDS.toNanos(1));
        final AtomicInteger inFlight = new AtomicInteger();
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < count; i++) {
            final long intended = start + i * period;
            waitUntil(intended);
            if (inFlight.get() >= maxInFlight) {
                sink.error(); // the system is so far behind that this one counts as lost
                continue;
            }
            inFlight.incrementAndGet();
            target.send(intended, sink).whenComplete((unused, cause) -> inFlight.decrementAndGet());
        }
        final long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        final int lost = inFlight.get();
        for (int i = 0; i < lost; i++) {
            sink.error();
        }
        final long end = Math.max(sink.lastCompletionNanos(), start + count * period);
        final double seconds = (end - start) / 1e9;
        return new Outcome(count, sink.ok.sum() / seconds, seconds);
    }

    private static void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            if (remaining > SPIN_NANOS * 3) {
                LockSupport.parkNanos(remaining - SPIN_NANOS * 2);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
