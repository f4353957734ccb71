package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

import com.linecorp.armeria.common.stream.StreamMessage;

/**
 * A routed stream: the pieces of the attempt that answered, and who answered once the pieces have ended.
 *
 * @param <T> the type of the pieces
 */
public final class RoutedStream<T> {

    private final StreamMessage<T> pieces;
    private final Supplier<Routed<Void>> outcome;

    RoutedStream(StreamMessage<T> pieces, Supplier<Routed<Void>> outcome) {
        this.pieces = requireNonNull(pieces, "pieces");
        this.outcome = requireNonNull(outcome, "outcome");
    }

    /** Returns the pieces; cancelling them cancels the attempt in flight and any pending one. */
    public StreamMessage<T> pieces() {
        return pieces;
    }

    /**
     * Returns who answered and the routing decision; call it once {@link #pieces()} has completed well
     * (the successful attempt is known from the first piece on).
     */
    public Routed<Void> outcome() {
        return outcome.get();
    }
}
