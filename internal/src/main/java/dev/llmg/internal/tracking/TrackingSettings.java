package dev.llmg.internal.tracking;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * Holds the {@code tracking} section of the configuration: whether calls are recorded, how the writer
 * batches them off the request path, where it spills when the database cannot keep up, how long records
 * are kept, and whether request and answer bodies are kept too.
 *
 * @param enabled whether calls are recorded at all
 * @param queueSize the most records waiting in memory for the writer; beyond it records spill to disk
 * @param batchSize the most records written in one transaction
 * @param flushInterval the longest a record waits for its batch to fill before it is written anyway
 * @param spillDirectory where records that could not be written yet are appended, to be replayed later
 * @param retention how long records are kept; empty keeps them for ever
 * @param captureBodies whether request and answer bodies are recorded (redacted and capped)
 * @param bodyLimit the most characters of each body kept
 * @param drainTimeout the longest a graceful stop waits for the queue to reach the database before spilling it
 */
public record TrackingSettings(boolean enabled, int queueSize, int batchSize, Duration flushInterval,
                               Path spillDirectory, Optional<Duration> retention, boolean captureBodies,
                               int bodyLimit, Duration drainTimeout) {

    /** The most characters of a kept body: H2's TEXT holds a million characters. */
    private static final long MAX_BODY_LIMIT = 976 * 1024;

    /** Reads {@code tracking}, applying the defaults. */
    public static TrackingSettings from(ConfigSection root) {
        final ConfigSection section = root.sectionOrEmpty("tracking");
        section.allowOnly("enabled", "queue_size", "batch_size", "flush_interval", "spill_dir", "retention",
                          "capture_bodies", "body_limit", "drain_timeout");
        final Duration flushInterval = section.duration("flush_interval", Duration.ofMillis(200));
        if (flushInterval.isZero() || flushInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException(section.pathOf("flush_interval"), "must be between 1ms and 1m");
        }
        final Optional<Duration> retention = section.has("retention")
                                             ? Optional.of(section.duration("retention", Duration.ZERO))
                                             : Optional.empty();
        if (retention.isPresent() && retention.get().compareTo(Duration.ofHours(1)) < 0) {
            throw new ConfigException(section.pathOf("retention"), "must be at least 1h (e.g. 30d), or left out to "
                                                                   + "keep records for ever");
        }
        final long bodyLimit = section.bytes("body_limit", 64 * 1024);
        if (bodyLimit < 256 || bodyLimit > MAX_BODY_LIMIT) {
            throw new ConfigException(section.pathOf("body_limit"), "must be between 256 and 976KiB (H2 keeps at "
                                                                    + "most a million characters per body)");
        }
        return new TrackingSettings(section.bool("enabled", true),
                                    section.integer("queue_size", 10_000, 1, 10_000_000),
                                    section.integer("batch_size", 500, 1, 10_000),
                                    flushInterval,
                                    Path.of(section.string("spill_dir", "./data/spill")),
                                    retention,
                                    section.bool("capture_bodies", false),
                                    (int) bodyLimit,
                                    section.duration("drain_timeout", Duration.ofSeconds(30)));
    }
}
