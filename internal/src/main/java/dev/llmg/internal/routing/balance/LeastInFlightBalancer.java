package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
        final int shift = ThreadLocalRandom.current().nextInt(ordered.size());
        Collections.rotate(ordered, shift);
        ordered.sort(Comparator.comparingInt(target -> target.health().inFlight())); // stable: rotation breaks ties
        return ordered;
    }
}
