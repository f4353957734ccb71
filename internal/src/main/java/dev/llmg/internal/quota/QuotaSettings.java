package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code auth.quotas} section: where the counters live and how often an instance shares them.
 *
 * @param store {@code memory} (one instance; limits hold per process) or {@code database} (the storage
 *              database, shared by every replica; limits hold fleet-wide)
 * @param syncInterval how often an instance flushes its token and spend charges and reads the fleet's
 *                     totals back; the overshoot of those limits is bounded by what the fleet charges in
 *                     one interval, so shorter is tighter but costs more database writes
 */
public record QuotaSettings(Store store, Duration syncInterval) {

    /** Where the counters live. */
    public enum Store {
        /** In this process only. */
        MEMORY,
        /** In the storage database, shared by the fleet. */
        DATABASE
    }

    /** The interval when the configuration sets none. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(200);

    /** Checks both parts are present and the interval is sane. */
    public QuotaSettings {
        requireNonNull(store, "store");
        requireNonNull(syncInterval, "syncInterval");
        if (syncInterval.compareTo(Duration.ofMillis(10)) < 0 || syncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("sync_interval must be between 10ms and 1m, not " + syncInterval);
        }
    }

    /** Returns the defaults: memory store, 200 ms. */
    public static QuotaSettings defaults() {
        return new QuotaSettings(Store.MEMORY, DEFAULT_SYNC_INTERVAL);
    }

    /** Reads the {@code auth.quotas} mapping, refusing unknown keys and bad values with the key's path. */
    public static QuotaSettings from(ConfigSection section) {
        section.allowOnly("store", "sync_interval");
        final String storeText = section.string("store", "memory").trim().toLowerCase(Locale.ROOT);
        final Store store;
        switch (storeText) {
            case "memory": store = Store.MEMORY; break;
            case "database": store = Store.DATABASE; break;
            default: throw new ConfigException(section.pathOf("store"), "must be memory or database, not '" + storeText + '\'');
        }
        final Duration interval = section.duration("sync_interval", DEFAULT_SYNC_INTERVAL);
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException(section.pathOf("sync_interval"), "must be between 10ms and 1m");
        }
        return new QuotaSettings(store, interval);
    }
}
