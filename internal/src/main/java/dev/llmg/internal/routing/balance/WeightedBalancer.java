package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.Target;

/**
 * Smooth weighted round robin (nginx's): every request adds each eligible target's weight to its running
 * score, picks the highest, and takes the total off the pick's score. Over any run of requests each target
 * gets its share exactly, spread out rather than in bursts. The others follow by weight, for failing over.
 */
final class WeightedBalancer implements Balancer {

    private final Map<Target, Long> scores = new HashMap<>();

    @Override
    public synchronized List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size) {
        long total = 0;
        RouteTarget best = null;
        long bestScore = Long.MIN_VALUE;
        for (RouteTarget candidate : eligible) {
            total += candidate.weight();
            final long score = scores.getOrDefault(candidate.target(), 0L) + candidate.weight();
            scores.put(candidate.target(), score);
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        if (total == 0) {
            return eligible; // every weight is 0: nobody is preferred, keep the order written
        }
        scores.put(best.target(), bestScore - total);
        final List<RouteTarget> ordered = new ArrayList<>(eligible.size());
        ordered.add(best);
        final List<RouteTarget> rest = new ArrayList<>(eligible);
        rest.remove(best);
        rest.sort(Comparator.comparingInt(RouteTarget::weight).reversed());
        ordered.addAll(rest);
        return ordered;
    }
}
