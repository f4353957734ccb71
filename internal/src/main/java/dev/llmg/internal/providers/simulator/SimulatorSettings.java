package dev.llmg.internal.providers.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import dev.llmg.internal.config.ConfigSection;

/**
 * How the simulator behaves: its delay before answering, the pace at which it streams, and how it misbehaves.
 *
 * @param latency how long it waits before the first piece (or the whole answer), like a real model thinking
 * @param chunksPerSecond how many streamed pieces it sends per second after that; 0 sends them as fast as
 *                        the caller reads them (for benchmarks)
 * @param faults the failures it makes up on purpose, and the jitter of its latency
 */
public record SimulatorSettings(Duration latency, int chunksPerSecond, SimulatorFaults faults) {

    /** Checks that every setting is given. */
    public SimulatorSettings {
        requireNonNull(latency, "latency");
        requireNonNull(faults, "faults");
    }

    /** Returns settings of a simulator that never fails. */
    public SimulatorSettings(Duration latency, int chunksPerSecond) {
        this(latency, chunksPerSecond, SimulatorFaults.NONE);
    }

    /** Reads {@code providers.<name>} of type {@code simulator}. */
    static SimulatorSettings from(ConfigSection section) {
        section.allowOnly("type", "latency", "chunks_per_second", "faults");
        return new SimulatorSettings(section.duration("latency", Duration.ZERO),
                                     section.integer("chunks_per_second", 0, 0, 100_000),
                                     section.bind("faults", SimulatorFaults.class, SimulatorFaults.NONE));
    }

    /** Returns the pause between two streamed pieces. */
    Duration interval() {
        return chunksPerSecond == 0 ? Duration.ZERO : Duration.ofNanos(1_000_000_000L / chunksPerSecond);
    }
}
