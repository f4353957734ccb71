package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.llmg.internal.routing.RouteTarget;

/**
 * Power of two choices over peak-EWMA latency: picks two targets at random and tries the one whose latency,
 * times its requests in flight plus one, is lower. Random pairs keep a momentarily fastest target from
 * taking every request at once (herding); the others follow by the same score, for failing over. A target
 * with no latency yet scores zero, so that it gets tried.
 */
final class LeastLatencyBalancer implements Balancer {

    @Override
    public List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size) {
        final List<RouteTarget> ordered = new ArrayList<>(ScoreOrder.lowestFirst(eligible, LeastLatencyBalancer::score));
        if (ordered.size() < 2) {
            return ordered;
        }
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final int a = random.nextInt(eligible.size());
        int b = random.nextInt(eligible.size() - 1);
        if (b >= a) {
            b++;
        }
        final RouteTarget first = score(eligible.get(a)) <= score(eligible.get(b)) ? eligible.get(a) : eligible.get(b);
        ordered.remove(first);
        ordered.add(0, first);
        return ordered;
    }

    /** Returns the expected wait at this target: its latency times the requests ahead plus this one. */
    static double score(RouteTarget target) {
        final double latency = target.health().latencyMillis();
        return Double.isNaN(latency) ? 0 : latency * (target.health().inFlight() + 1);
    }
}
