package dev.llmg.internal.chat;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.internal.call.Call;

/**
 * Runs the context's steps in order, each on the request the previous one widened, and ends their turns
 * together: kept in order once the answer arrived, all abandoned when the call ends without one or a later step
 * could not open. Turns that hold nothing (a request that names no conversation) are left out, so the usual call
 * costs the steps' checks and nothing more.
 */
final class ChatContexts implements ChatContext {

    private final List<Step> steps;

    @Inject
    ChatContexts(Set<Step> steps) {
        final List<Step> ordered = new ArrayList<>(requireNonNull(steps, "steps"));
        ordered.sort(Comparator.comparingInt(Step::order));
        this.steps = List.copyOf(ordered);
    }

    @Override
    public CompletableFuture<ChatTurn> open(ChatRequest asked, Call call) {
        // Nearly every request names nothing a step keeps: each step answers at once, and nothing is allocated
        // beyond their plain turns.
        ChatRequest request = asked;
        List<ChatTurn> held = List.of();
        for (int i = 0; i < steps.size(); i++) {
            final CompletableFuture<ChatTurn> opened = steps.get(i).open(request, call);
            if (!opened.isDone() || opened.isCompletedExceptionally()) {
                return openFrom(i, opened, held, call);
            }
            final ChatTurn turn = opened.join();
            request = turn.request();
            held = holding(held, turn);
        }
        return CompletableFuture.completedFuture(joined(held, request));
    }

    /** Goes on from step {@code index}, whose turn is {@code opening}, once it opened (or failed). */
    private CompletableFuture<ChatTurn> openFrom(int index, CompletableFuture<ChatTurn> opening, List<ChatTurn> held,
                                                 Call call) {
        return opening.handle((turn, cause) -> {
            if (cause != null) {
                held.forEach(ChatTurn::abandon);
                throw cause instanceof CompletionException completion ? completion : new CompletionException(cause);
            }
            return turn;
        }).thenCompose(turn -> {
            final List<ChatTurn> now = holding(held, turn);
            if (index + 1 == steps.size()) {
                return CompletableFuture.completedFuture(joined(now, turn.request()));
            }
            return openFrom(index + 1, steps.get(index + 1).open(turn.request(), call), now, call);
        });
    }

    private static List<ChatTurn> holding(List<ChatTurn> held, ChatTurn turn) {
        if (turn.holdsNothing()) {
            return held;
        }
        final List<ChatTurn> more = new ArrayList<>(held);
        more.add(turn);
        return more;
    }

    private static ChatTurn joined(List<ChatTurn> held, ChatRequest request) {
        if (held.isEmpty()) {
            return ChatTurn.of(request);
        }
        return held.size() == 1 && held.get(0).request() == request ? held.get(0) : new Joined(held, request);
    }

    /** The turns of every step, ended together. */
    private static final class Joined implements ChatTurn {
        private final List<ChatTurn> turns;
        private final ChatRequest request;

        Joined(List<ChatTurn> turns, ChatRequest request) {
            this.turns = turns;
            this.request = request;
        }

        @Override
        public ChatRequest request() {
            return request; // as the last step widened it, whether or not that step holds anything
        }

        @Override
        public boolean keepsAnswer() {
            return turns.stream().anyMatch(ChatTurn::keepsAnswer);
        }

        @Override
        public CompletableFuture<Void> keep(Message answer) {
            CompletableFuture<Void> kept = CompletableFuture.completedFuture(null);
            for (ChatTurn turn : turns) {
                kept = kept.thenCompose(unused -> turn.keep(answer));
            }
            return kept;
        }

        @Override
        public void abandon() {
            turns.forEach(ChatTurn::abandon);
        }
    }
}
