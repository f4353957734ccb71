package dev.llmg.internal.conversation;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.chat.ChatTurn;
import io.netty.util.concurrent.EventExecutor;

/**
 * One turn of a conversation: the request with its history, and, once the answer is whole, the turn and its answer
 * stored together. Either end (kept or abandoned) gives up the turn's place in the conversation's line.
 */
final class ConversationTurn implements ChatTurn {

    private final ChatRequest request;
    private final TurnLine.Place place;
    private final Consumer<Message> store;
    private final Executor blocking;
    private final EventExecutor eventLoop;

    ConversationTurn(ChatRequest request, TurnLine.Place place, Consumer<Message> store, Executor blocking,
                     EventExecutor eventLoop) {
        this.request = requireNonNull(request, "request");
        this.place = requireNonNull(place, "place");
        this.store = requireNonNull(store, "store");
        this.blocking = requireNonNull(blocking, "blocking");
        this.eventLoop = requireNonNull(eventLoop, "eventLoop");
    }

    @Override
    public ChatRequest request() {
        return request;
    }

    @Override
    public boolean keepsAnswer() {
        return true;
    }

    /**
     * Stores the turn and its answer in one transaction, off the event loop, and completes on the call's event loop
     * (where the use case goes on to send the answer's end); a store that failed fails the call as UNAVAILABLE.
     */
    @Override
    public CompletableFuture<Void> keep(Message answer) {
        final Message message = answer.getRole() == Role.ROLE_UNSPECIFIED
                                ? answer.toBuilder().setRole(Role.ROLE_ASSISTANT).build() : answer;
        return CompletableFuture.runAsync(() -> ConversationErrors.reading(() -> {
            store.accept(message);
            return null;
        }), blocking).whenComplete((kept, failure) -> place.release())
                     .whenCompleteAsync((kept, failure) -> {}, eventLoop);
    }

    @Override
    public void abandon() {
        place.release();
    }
}
