package dev.llmg.internal.routing.balance;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.Strategy;

/**
 * Hands out each model group's balancer, and keeps it (with its counters and weights) across configuration
 * reloads as long as the group's strategy and targets did not change.
 */
public final class Balancers {

    /** What a balancer's state depends on: a group keeps its balancer while this stays the same. */
    private record Key(String group, Strategy strategy, List<Target> targets, List<Integer> weights) {}

    private final ConcurrentMap<Key, Balancer> balancers = new ConcurrentHashMap<>();

    /** Returns the balancer of {@code group} under {@code strategy} (its own, or a rule's objective). */
    public Balancer of(ModelGroup group, Strategy strategy) {
        return balancers.computeIfAbsent(keyOf(group, strategy), unused -> create(strategy));
    }

    /**
     * Forgets the balancers of groups that are gone or changed, after a reload; a group keeps the balancers of
     * each strategy it was balanced by (its own, and a rule's objective).
     */
    public void retainOnly(List<ModelGroup> groups) {
        balancers.keySet().removeIf(key -> groups.stream().noneMatch(group -> keyOf(group, key.strategy()).equals(key)));
    }

    private static Key keyOf(ModelGroup group, Strategy strategy) {
        return new Key(group.name(), strategy, group.targets().stream().map(RouteTarget::target).toList(),
                       group.targets().stream().map(RouteTarget::weight).toList());
    }

    /** Returns a new balancer for {@code strategy}. */
    static Balancer create(Strategy strategy) {
        switch (strategy) {
            case ROUND_ROBIN: return new RoundRobinBalancer();
            case WEIGHTED: return new WeightedBalancer();
            case LEAST_IN_FLIGHT: return new LeastInFlightBalancer();
            case LEAST_LATENCY: return new LeastLatencyBalancer();
            case LOWEST_COST: return new LowestCostBalancer();
            case PRIORITY: return new PriorityBalancer();
            default: throw new IllegalArgumentException("no balancer for " + strategy);
        }
    }
}
