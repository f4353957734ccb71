package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Keeps a surface's batch to a budget without losing coverage: every control case, every whole-body case and
 * at least one mutation of every field path stay; the rest are drawn at random (seeded), so that another seed
 * covers other combinations. {@code -Dhostile.budget=0} keeps every case on every surface.
 */
final class CaseSampler {

    /** The default number of cases per sampled surface. */
    static final int BUDGET = Integer.getInteger("hostile.budget", 100);

    private CaseSampler() {}

    /** Returns at most about {@link #BUDGET} of {@code cases}, in their original order; all of them if 0. */
    static List<HostileCase> sample(List<HostileCase> cases, String surface) {
        if (BUDGET <= 0 || cases.size() <= BUDGET) {
            return cases;
        }
        final Random random = HostileSeed.random("sample " + surface);
        final Set<Integer> kept = new LinkedHashSet<>();
        final Set<String> coveredPaths = new HashSet<>();
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        for (int i : order) {
            final HostileCase hostile = cases.get(i);
            if (hostile.path().isEmpty() || coveredPaths.add(hostile.path())) {
                kept.add(i);
            }
        }
        for (int i : order) {
            if (kept.size() >= BUDGET) {
                break;
            }
            kept.add(i);
        }
        final List<HostileCase> sample = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (kept.contains(i)) {
                sample.add(cases.get(i));
            }
        }
        return sample;
    }
}
