package dev.llmg.internal.call;

import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.spi.Attempt;

/**
 * Hears what happens to one call, in order: what it asked for, routed, then each attempt's start and end, the
 * first piece of a streamed answer, and the end. A call refused by its front door before its use case ran
 * (a malformed body) is heard by nobody: it never became a call. Inference records, spans and metrics are observers.
 *
 * <p>Methods run on the call's event loop, on the request path: an observer must be quick and must not
 * block; it hands anything slow (a database write) to its own executor. Its failures are logged and never
 * reach the caller.
 */
public interface CallObserver {

    /** Creates an observer for each new call; contributed to a Dagger set by the concerns that observe calls. */
    interface Factory {
        /** Returns an observer of {@code call}. */
        CallObserver observe(Call call);
    }

    /** Hears what the call asks for, first, before it is checked: a call refused as invalid is still heard. */
    default void requested(CallRequest request) {}

    /** Hears the routing plan: the model or group, rule, strategy and skipped targets, before any attempt. */
    default void routed(RoutingDecision plan) {}

    /**
     * Hears that attempt {@code number} (from 1) starts at {@code target}; {@code attempt} is where its provider
     * reports what the upstream said (read it once the attempt has ended).
     */
    default void attemptStarted(int number, RoutingTarget target, Attempt attempt) {}

    /** Hears how an attempt ended. */
    default void attemptEnded(RoutingAttempt attempt) {}

    /** Hears that the first piece of a streamed answer is on its way to the caller. */
    default void firstPiece() {}

    /** Hears that each later piece of a streamed answer is on its way (time per output chunk is measured here). */
    default void nextPiece() {}

    /** Hears how the call ended; called once, last. */
    default void ended(CallOutcome outcome) {}
}
