package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes records older than {@code tracking.retention} in the background, in small batches with a pause
 * between them, so that purging a day of calls never holds long locks or starves the writer of connections.
 * Runs a minute after start, then every {@value #EVERY_MINUTES} minutes, on its own thread.
 */
@Singleton
public final class RetentionPurger implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(RetentionPurger.class);

    static final int BATCH = 1_000;
    private static final long EVERY_MINUTES = 10;

    private final InferenceStore store;
    private final Duration retention;
    private final ScheduledExecutorService scheduler;

    @Inject
    RetentionPurger(InferenceStore store, TrackingSettings settings) {
        this.store = requireNonNull(store, "store");
        this.retention = settings.retention().orElse(null);
        if (retention == null) {
            scheduler = null;
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "llmg-tracking-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 1, EVERY_MINUTES, TimeUnit.MINUTES);
    }

    /** Deletes every record that started before {@code now - retention}; returns how many. */
    long purge(Instant now) {
        if (retention == null) {
            return 0;
        }
        final Instant cutoff = now.minus(retention);
        long purged = 0;
        while (!Thread.currentThread().isInterrupted()) {
            final int deleted = store.purgeBefore(cutoff, BATCH);
            purged += deleted;
            if (deleted < BATCH) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return purged;
    }

    private void purgeQuietly() {
        try {
            final long purged = purge(Instant.now());
            if (purged > 0) {
                logger.info("Purged {} inference records older than tracking.retention ({})", purged, retention);
            }
        } catch (RuntimeException e) {
            logger.warn("Could not purge old inference records; trying again in {} minutes", EVERY_MINUTES, e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
