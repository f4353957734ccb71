package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.llmg.internal.routing.RouteTarget;

/**
 * Prefers the target with the fewest requests in flight; ties are broken at random, so that idle targets
 * share the load instead of the first one written taking it all.
 */
final class LeastInFlightBalancer implements Balancer {

    @Override
    public List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size) {
        final List<RouteTarget> ordered = new ArrayList<>(eligible);
        // A shuffle, not a rotation: rotating puts a tied target first with odds that depend on where the
        // others stand (with A, B idle and C busy, A came first 2 times in 3).
        Collections.shuffle(ordered, ThreadLocalRandom.current());
        return ScoreOrder.lowestFirst(ordered, target -> target.health().inFlight()); // stable: the shuffle breaks ties
    }
}
