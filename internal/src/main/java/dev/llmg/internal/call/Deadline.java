package dev.llmg.internal.call;

import java.time.Duration;

/**
 * The moment by which a call must be answered, on {@link System#nanoTime()}'s clock, or none.
 *
 * <p>Routing starts no attempt that cannot finish before it, and gives each attempt what is left of it.
 */
public final class Deadline {

    private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /** Returns no deadline at all. */
    public static Deadline none() {
        return NONE;
    }

    /** Returns the deadline {@code timeout} after {@code nowNanos}; a zero timeout means none. */
    public static Deadline after(Duration timeout, long nowNanos) {
        return timeout.isZero() ? NONE : new Deadline(nowNanos + timeout.toNanos());
    }

    /** Returns whether there is a deadline at all. */
    public boolean isSet() {
        return this != NONE;
    }

    /** Returns the time left at {@code nowNanos}, zero once passed; ask {@link #isSet()} first, since unset reads as zero too. */
    public Duration remaining(long nowNanos) {
        return isSet() ? Duration.ofNanos(Math.max(0, atNanos - nowNanos)) : Duration.ZERO;
    }

    /** Returns whether the deadline has passed at {@code nowNanos}. */
    public boolean hasPassed(long nowNanos) {
        return isSet() && nowNanos - atNanos >= 0;
    }

    /** Returns the earlier of this deadline and {@code other}. */
    public Deadline earlierOf(Deadline other) {
        if (!isSet()) {
            return other;
        }
        return !other.isSet() || atNanos - other.atNanos <= 0 ? this : other;
    }

    @Override
    public String toString() {
        return isSet() ? "Deadline[in " + remaining(System.nanoTime()) + ']' : "Deadline[none]";
    }
}
