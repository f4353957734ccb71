package dev.llmg.internal.routing.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.RetryBudgetSettings;

/**
 * Holds the health of every target, shared by all calls; a configuration reload keeps the state of targets
 * that did not change and forgets the ones that are gone.
 */
public final class TargetHealthRegistry {

    private final ConcurrentMap<Target, TargetHealth> byTarget = new ConcurrentHashMap<>();

    /**
     * Returns the health of {@code target} under these settings: the one kept so far, or a new one when the
     * target is new or its breaker or budget settings changed.
     */
    public TargetHealth of(Target target, BreakerSettings breaker, RetryBudgetSettings budget) {
        return byTarget.compute(target, (key, kept) -> kept != null && kept.configuredWith(breaker, budget)
                                                       ? kept : new TargetHealth(key, breaker, budget));
    }

    /** Forgets the targets not in {@code current}, after a reload removed them. */
    public void retainOnly(Set<Target> current) {
        byTarget.keySet().retainAll(current);
    }

    /** Returns the health of every known target. */
    public Collection<TargetHealth> all() {
        return new ArrayList<>(byTarget.values());
    }
}
