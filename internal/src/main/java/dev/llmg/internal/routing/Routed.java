package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.spi.Attempt;

/**
 * What a routed call produced, with who produced it: the answer, the candidate and attempt that succeeded, and
 * the whole routing decision (every attempt made).
 *
 * @param <R> the answer's type
 * @param answer the answer ({@code null} for a stream, whose pieces went to the caller)
 * @param served the candidate that answered
 * @param attempt the successful attempt, with the provider's status and request id
 * @param decision the routing decision, attempts included
 */
public record Routed<R>(R answer, Candidate<?> served, Attempt attempt, RoutingDecision decision) {

    /** Checks that every part but the answer is present. */
    public Routed {
        requireNonNull(served, "served");
        requireNonNull(attempt, "attempt");
        requireNonNull(decision, "decision");
    }
}
