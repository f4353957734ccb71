package dev.llmg.internal.chat;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Message;

/**
 * One call's turn in what the gateway keeps for its caller: the request as widened by that context (an
 * instruction's messages, a conversation's history), and what happens to the answer once it arrived.
 *
 * <p>The use case ends every turn exactly once: {@link #keep} with the answer when the call answered, or
 * {@link #abandon} when it failed, was refused or was cancelled, so that a context that holds something for the
 * turn (a conversation's place in line) always lets go of it.
 */
public interface ChatTurn {

    /** Returns a turn that widens nothing and keeps nothing: the request goes as asked. */
    static ChatTurn of(ChatRequest request) {
        return new Plain(requireNonNull(request, "request"));
    }

    /** Returns whether this turn holds nothing and keeps nothing, so that it can be left out of a joined turn. */
    default boolean holdsNothing() {
        return this instanceof Plain;
    }

    /** Returns the request to check and route. */
    ChatRequest request();

    /**
     * Returns whether {@link #keep} needs the answer's message; when none does, a streamed answer is not put
     * together piece by piece for it.
     */
    boolean keepsAnswer();

    /**
     * Keeps the answer (the first alternative's assistant message; an empty one when {@link #keepsAnswer()} is
     * false) before the caller gets the answer's end; completes when it is kept, or fails with what the caller
     * should be told instead (the answer is then not delivered as a success).
     */
    CompletableFuture<Void> keep(Message answer);

    /**
     * Ends the turn without an answer: nothing is kept, and whatever the turn held is released. It may follow a
     * {@link #keep} that failed, and must then only release what is still held.
     */
    void abandon();

    /** The turn of a request that names nothing a context keeps. */
    record Plain(ChatRequest request) implements ChatTurn {

        @Override
        public boolean keepsAnswer() {
            return false;
        }

        @Override
        public CompletableFuture<Void> keep(Message answer) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abandon() {}
    }
}
