package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to the store: every call runs on the quota thread (a store may block on a database, callers may
 * be event loops), one at a time, and its outcome says whether the store is up. While it is down, admission
 * limits locally (fail open) rather than failing or blocking calls; the outage is logged once, and its end.
 */
final class StoreLink {

    private static final Logger logger = LoggerFactory.getLogger(StoreLink.class);

    final QuotaStore store;
    final ScheduledExecutorService executor;
    final Clock clock;
    final String instance;
    final Duration syncInterval;
    /** How long a caller waits for a lease before the store counts as down and the call is limited locally. */
    final Duration maxWait;
    /** How long an instance may miss beats before its slots stop counting. */
    final Duration staleAfter;

    private volatile boolean up = true;

    StoreLink(QuotaStore store, ScheduledExecutorService executor, Clock clock, String instance,
              Duration syncInterval, Duration maxWait, Duration staleAfter) {
        this.store = requireNonNull(store, "store");
        this.executor = requireNonNull(executor, "executor");
        this.clock = requireNonNull(clock, "clock");
        this.instance = requireNonNull(instance, "instance");
        this.syncInterval = requireNonNull(syncInterval, "syncInterval");
        this.maxWait = requireNonNull(maxWait, "maxWait");
        this.staleAfter = requireNonNull(staleAfter, "staleAfter");
    }

    /** Returns whether the last store call succeeded (admission then trusts leases; else it limits locally). */
    boolean isUp() {
        return up;
    }

    /** Returns the time now, in epoch millis. */
    long now() {
        return clock.millis();
    }

    /** Runs {@code work} on the quota thread and notes whether the store answered. */
    <T> CompletableFuture<T> call(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> run(work), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs {@code work} on the current thread (already the quota thread) and notes whether the store answered. */
    <T> T run(Supplier<T> work) {
        try {
            final T result = work.get();
            markUp();
            return result;
        } catch (RuntimeException e) {
            markDown(e);
            throw e;
        }
    }

    /** Notes that the store failed or did not answer in time; logs the start of an outage once. */
    void markDown(Throwable failure) {
        if (up) {
            up = false;
            logger.warn("The quota store {} failed ({}); limiting calls per instance until it answers again",
                        store.getClass().getSimpleName(), String.valueOf(failure));
        }
    }

    private void markUp() {
        if (!up) {
            up = true;
            logger.info("The quota store {} answers again; limits hold across instances again",
                        store.getClass().getSimpleName());
        }
    }
}
