package dev.llmg.internal.routing.balance;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.internal.routing.health.TargetHealthRegistry;

/** Targets for balancer tests, each with fresh health of its own, named by their provider. */
final class TestTargets {

    private static final RequestSize SIZE = new RequestSize(100, 100);

    private TestTargets() {}

    /** Returns a target of provider {@code name} with {@code weight}, priority 0 and no prices. */
    static RouteTarget weighted(String name, int weight) {
        return target(name, weight, 0, Prices.UNKNOWN);
    }

    /** Returns a target of provider {@code name} with weight 1 and {@code priority}. */
    static RouteTarget ranked(String name, int priority) {
        return target(name, 1, priority, Prices.UNKNOWN);
    }

    /** Returns a target of provider {@code name} with weight 1 and {@code prices}. */
    static RouteTarget priced(String name, Prices prices) {
        return target(name, 1, 0, prices);
    }

    static RouteTarget target(String name, int weight, int priority, Prices prices) {
        final Target target = new Target(name, "m");
        return new RouteTarget(target, ConfiguredProvider.unavailable(name, "test", "never called"), weight, priority,
                               0, 0, new Capabilities(true, true, true, true), prices,
                               new TargetHealthRegistry().of(target, BreakerSettings.DEFAULT,
                                                             RetryBudgetSettings.DEFAULT));
    }

    /** Teaches {@code target}'s health that it answers in {@code latency}. */
    static RouteTarget answeringIn(RouteTarget target, Duration latency) {
        target.health().attemptStarted(true);
        target.health().attemptSucceeded(latency);
        return target;
    }

    /** Puts {@code count} requests in flight at {@code target}. */
    static RouteTarget busy(RouteTarget target, int count) {
        for (int i = 0; i < count; i++) {
            target.health().attemptStarted(true);
        }
        return target;
    }

    /** Returns the providers of {@code ordered}, e.g. {@code "BCA"}. */
    static String names(List<RouteTarget> ordered) {
        final StringBuilder names = new StringBuilder();
        ordered.forEach(target -> names.append(target.target().provider()));
        return names.toString();
    }

    /** Returns the first target's provider of each of {@code requests} orderings, in turn, e.g. {@code "ABAB"}. */
    static String firsts(Balancer balancer, List<RouteTarget> eligible, int requests) {
        final StringBuilder firsts = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            firsts.append(balancer.order(eligible, SIZE).get(0).target().provider());
        }
        return firsts.toString();
    }

    /** Returns how often each provider came first in {@code firsts}. */
    static Map<Character, Integer> counts(String firsts) {
        final Map<Character, Integer> counts = new HashMap<>();
        for (char first : firsts.toCharArray()) {
            counts.merge(first, 1, Integer::sum);
        }
        return counts;
    }
}
