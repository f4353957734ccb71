package dev.llmg.internal.instruction;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code instructions} section of the configuration.
 *
 * @param dir the directory whose YAML files declare read-only instructions ({@code instructions.dir}, relative to
 *            the working directory), or empty for none
 * @param refreshInterval how often a replica looks for instructions changed on another replica
 *                        ({@code instructions.refresh_interval}; the replica that made a change uses it at once)
 */
record InstructionSettings(Optional<Path> dir, Duration refreshInterval) {

    /** Reads {@code instructions}, applying defaults: no files, a refresh every 5 seconds. */
    static InstructionSettings from(ConfigSection root) {
        final ConfigSection section = root.sectionOrEmpty("instructions");
        section.allowOnly("dir", "refresh_interval");
        final Duration refresh = section.duration("refresh_interval", Duration.ofSeconds(5));
        if (refresh.compareTo(Duration.ofMillis(100)) < 0 || refresh.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ConfigException(section.pathOf("refresh_interval"), "must be between 100ms and 5m");
        }
        final String dir = section.string("dir", "").trim();
        return new InstructionSettings(dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)), refresh);
    }
}
