package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.llmg.internal.routing.RouteTarget;

/**
 * Tries targets by {@code priority} (lowest first, by default the order written): the first healthy one
 * answers and the others stand by. Targets with an open breaker are never eligible, so "healthy" comes free.
 */
final class PriorityBalancer implements Balancer {

    @Override
    public List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size) {
        final List<RouteTarget> ordered = new ArrayList<>(eligible);
        ordered.sort(Comparator.comparingInt(RouteTarget::priority));
        return ordered;
    }
}
