package dev.llmg.cmd.hostile;

import java.util.Random;

/**
 * The one seed of every random choice in the suite, so that a failing case reproduces: run again with
 * {@code -Dhostile.seed=N} (the seed is printed in every container's name) to get the same inputs.
 */
final class HostileSeed {

    private static final long SEED = Long.getLong("hostile.seed", 20_260_801L);

    private HostileSeed() {}

    /** Returns the seed of this run. */
    static long value() {
        return SEED;
    }

    /** Returns a generator of its own for {@code purpose}, so that adding one generator does not shift others. */
    static Random random(String purpose) {
        return new Random(SEED * 31 + purpose.hashCode());
    }
}
