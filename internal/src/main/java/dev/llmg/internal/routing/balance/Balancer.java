package dev.llmg.internal.routing.balance;

import java.util.List;

import dev.llmg.internal.routing.RouteTarget;

/**
 * Orders a model group's eligible targets for one request: the first is the one to try, the others the order
 * to fail over in. Implementations keep their state (counters, weights) across requests and are thread-safe.
 */
public interface Balancer {

    /** Returns {@code eligible} in the order to try them; {@code eligible} is never empty and not modified. */
    List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size);
}
