package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;

/**
 * What the request path hands the tracking writer when a call ends: the facts as they were, unconverted, so
 * that turning them into a record (and printing bodies) happens on the writer's thread, not the event loop.
 *
 * @param call the call
 * @param request what it asked for; empty when its use case never heard the request
 * @param firstPieceNanos when its first streamed piece left, on {@link System#nanoTime()}'s clock; 0 when none did
 * @param endNanos when it ended, on the same clock
 * @param outcome how it ended, with its routing and every attempt
 */
record EndedCall(Call call, Optional<CallRequest> request, long firstPieceNanos, long endNanos, CallOutcome outcome) {

    /** Checks every part is present. */
    EndedCall {
        requireNonNull(call, "call");
        requireNonNull(request, "request");
        requireNonNull(outcome, "outcome");
    }
}
