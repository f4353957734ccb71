package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the routing table in use. A reload replaces it in one step; a call keeps the table it read when it
 * was planned, so calls in flight finish with the snapshot they started with.
 */
public final class LiveRoutingTable {

    private final AtomicReference<RoutingTable> current;

    /** Starts with {@code initial}. */
    public LiveRoutingTable(RoutingTable initial) {
        current = new AtomicReference<>(requireNonNull(initial, "initial"));
    }

    /** Returns the table in use now. */
    public RoutingTable current() {
        return current.get();
    }

    /** Puts {@code next} in use and returns the table it replaced. */
    public RoutingTable replace(RoutingTable next) {
        return current.getAndSet(requireNonNull(next, "next"));
    }
}
