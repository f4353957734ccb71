package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;

/**
 * Observes one call for its inference record. On the request path it only notes the request and the time
 * of the first piece, then hands everything to the writer's queue when the call ends; the record is built
 * off the event loop.
 */
final class InferenceObserver implements CallObserver {

    private final Call call;
    private final InferenceWriter writer;
    private CallRequest request;
    private long firstPieceNanos;

    InferenceObserver(Call call, InferenceWriter writer) {
        this.call = requireNonNull(call, "call");
        this.writer = requireNonNull(writer, "writer");
    }

    @Override
    public void requested(CallRequest request) {
        this.request = request;
    }

    @Override
    public void firstPiece() {
        if (firstPieceNanos == 0) {
            firstPieceNanos = System.nanoTime();
        }
    }

    @Override
    public void ended(CallOutcome outcome) {
        writer.submit(new EndedCall(call, Optional.ofNullable(request), firstPieceNanos, System.nanoTime(), outcome));
    }
}
