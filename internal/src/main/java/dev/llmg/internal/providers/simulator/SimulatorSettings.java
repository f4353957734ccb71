package dev.llmg.internal.providers.simulator;

import java.time.Duration;

import dev.llmg.internal.config.ConfigSection;

/**
 * How the simulator behaves: its delay before answering and the pace at which it streams.
 *
 * @param latency how long it waits before the first piece (or the whole answer), like a real model thinking
 * @param chunksPerSecond how many streamed pieces it sends per second after that; 0 sends them as fast as
 *                        the caller reads them (for benchmarks)
 */
public record SimulatorSettings(Duration latency, int chunksPerSecond) {

    /** Reads {@code providers.<name>} of type {@code simulator}. */
    static SimulatorSettings from(ConfigSection section) {
        section.allowOnly("type", "latency", "chunks_per_second");
        return new SimulatorSettings(section.duration("latency", Duration.ZERO),
                                     section.integer("chunks_per_second", 0, 0, 100_000));
    }

    /** Returns the pause between two streamed pieces. */
    Duration interval() {
        return chunksPerSecond == 0 ? Duration.ZERO : Duration.ofNanos(1_000_000_000L / chunksPerSecond);
    }
}
