package dev.llmg.internal.routing.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmg.internal.routing.RouteTarget;

/** Starts each request at the next target in turn, then goes on in the order written. */
final class RoundRobinBalancer implements Balancer {

    private final AtomicLong next = new AtomicLong();

    @Override
    public List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size) {
        final int first = (int) Math.floorMod(next.getAndIncrement(), (long) eligible.size());
        final List<RouteTarget> ordered = new ArrayList<>(eligible.size());
        for (int i = 0; i < eligible.size(); i++) {
            ordered.add(eligible.get((first + i) % eligible.size()));
        }
        return ordered;
    }
}
