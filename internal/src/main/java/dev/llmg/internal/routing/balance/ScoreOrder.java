package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.llmg.internal.routing.RouteTarget;

/**
 * Sorts targets by a score read once per target: scores from live health (requests in flight, latency) change
 * while a sort runs on another thread's updates, and a comparator that reads them twice could see two values
 * and break the sort's contract.
 */
final class ScoreOrder {

    private ScoreOrder() {}

    /** Returns {@code targets} sorted by {@code score}, lowest first; equal scores keep their order. */
    static List<RouteTarget> lowestFirst(List<RouteTarget> targets, ToDoubleFunction<RouteTarget> score) {
        final List<Scored> scored = new ArrayList<>(targets.size());
        for (RouteTarget target : targets) {
            scored.add(new Scored(target, score.applyAsDouble(target)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score));
        final List<RouteTarget> ordered = new ArrayList<>(scored.size());
        scored.forEach(each -> ordered.add(each.target()));
        return ordered;
    }

    private record Scored(RouteTarget target, double score) {}
}
