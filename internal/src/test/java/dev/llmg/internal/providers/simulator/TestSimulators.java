package dev.llmg.internal.providers.simulator;

import java.time.Duration;

import dev.llmg.spi.ChatProvider;

/** Hands tests of other packages a real simulator, whose class is package-private. */
public final class TestSimulators {

    private TestSimulators() {}

    /** Returns a simulator that answers at once and streams {@code chunksPerSecond} pieces a second. */
    public static ChatProvider pacedAt(int chunksPerSecond) {
        return new SimulatorProvider(new SimulatorSettings(Duration.ZERO, chunksPerSecond));
    }
}
