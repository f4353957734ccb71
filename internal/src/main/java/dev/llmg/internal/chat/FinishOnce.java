package dev.llmg.internal.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * Passes on each alternative's finish reason once. Some upstreams repeat it on later chunks (an empty delta after
 * the finishing one, or beside the usage), and clients that end an alternative at its finish reason, or count
 * them, would see it finish twice. A repeat is dropped, and so is a choice, or a piece, left with nothing else.
 * One instance serves one stream, on one thread at a time.
 */
final class FinishOnce {

    private final Set<Integer> finished = new HashSet<>();

    /** Returns the piece without the finish reasons already passed on (see {@link #holdsAnything}). */
    StreamChatCompletionResponse apply(StreamChatCompletionResponse piece) {
        if (!anyFinishIn(piece)) {
            return piece; // nearly every piece
        }
        final List<ChoiceDelta> kept = new ArrayList<>(piece.getChoicesCount());
        boolean repeated = false;
        for (ChoiceDelta choice : piece.getChoicesList()) {
            if (choice.getFinishReason() == FinishReason.FINISH_REASON_UNSPECIFIED
                || finished.add(choice.getIndex())) {
                kept.add(choice);
                continue;
            }
            repeated = true;
            final ChoiceDelta cleared = choice.toBuilder().setFinishReason(FinishReason.FINISH_REASON_UNSPECIFIED)
                                              .build();
            if (!cleared.getDelta().equals(Delta.getDefaultInstance()) || cleared.hasPartial()
                || cleared.hasParsed()) {
                kept.add(cleared);
            }
        }
        if (!repeated) {
            return piece;
        }
        return piece.toBuilder().clearChoices().addAllChoices(kept).build();
    }

    /** Returns whether anything is left of a piece to pass on: a repeat alone leaves nothing. */
    static boolean holdsAnything(StreamChatCompletionResponse piece) {
        return piece.getChoicesCount() > 0 || piece.hasUsage() || piece.hasGateway() || piece.hasProviderMetadata();
    }

    private static boolean anyFinishIn(StreamChatCompletionResponse piece) {
        for (ChoiceDelta choice : piece.getChoicesList()) {
            if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                return true;
            }
        }
        return false;
    }
}
