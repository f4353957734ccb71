package dev.llmg.internal.tracking;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what another thread does (the writer's), failing with a message when it does not happen in time. */
public final class Eventually {

    private Eventually() {}

    /** Returns once {@code condition} holds; fails after {@code timeout}. */
    public static void within(Duration timeout, BooleanSupplier condition) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still not so after " + timeout);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
