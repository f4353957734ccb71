package dev.llmg.internal.call;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call's stopwatch, started at the same point on every front door (see {@link CallFactory}), and the
 * time the call spent waiting on others: providers answering and backoffs between attempts.
 *
 * <p>The gateway's own overhead is what is left: the elapsed time minus the waits. Attempts may report
 * their waits from any thread.
 */
public final class CallClock {

    private final long startNanos;
    private final AtomicLong waitedNanos = new AtomicLong();

    /** Starts the stopwatch at {@code startNanos} ({@link System#nanoTime()}). */
    public CallClock(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Returns when the call started, on {@link System#nanoTime()}'s clock. */
    public long startNanos() {
        return startNanos;
    }

    /** Adds time spent waiting on a provider or a backoff, which is not the gateway's own. */
    public void addWait(long nanos) {
        if (nanos > 0) {
            waitedNanos.addAndGet(nanos);
        }
    }

    /** Returns the time since the call started. */
    public Duration elapsed(long nowNanos) {
        return Duration.ofNanos(nowNanos - startNanos);
    }

    /** Returns the gateway's own time on the call up to {@code nowNanos}: elapsed minus waits. */
    public Duration overhead(long nowNanos) {
        return Duration.ofNanos(Math.max(0, nowNanos - startNanos - waitedNanos.get()));
    }
}
