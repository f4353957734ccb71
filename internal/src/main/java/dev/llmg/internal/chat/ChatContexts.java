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
 * could not open.
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
        if (steps.isEmpty()) {
            return CompletableFuture.completedFuture(ChatTurn.of(asked));
        }
        CompletableFuture<List<ChatTurn>> opened = CompletableFuture.completedFuture(List.of());
        for (Step step : steps) {
            opened = opened.thenCompose(turns -> {
                final ChatRequest request = turns.isEmpty() ? asked : turns.get(turns.size() - 1).request();
                return step.open(request, call).handle((turn, cause) -> {
                    if (cause != null) {
                        turns.forEach(ChatTurn::abandon);
                        throw cause instanceof CompletionException completion ? completion
                                                                              : new CompletionException(cause);
                    }
                    final List<ChatTurn> more = new ArrayList<>(turns);
                    more.add(turn);
                    return more;
                });
            });
        }
        return opened.thenApply(turns -> turns.isEmpty() ? ChatTurn.of(asked) : new Joined(turns));
    }

    /** The turns of every step, ended together. */
    private static final class Joined implements ChatTurn {
        private final List<ChatTurn> turns;

        Joined(List<ChatTurn> turns) {
            this.turns = turns;
        }

        @Override
        public ChatRequest request() {
            return turns.get(turns.size() - 1).request();
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
