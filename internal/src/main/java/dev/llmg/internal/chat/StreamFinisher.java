package dev.llmg.internal.chat;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Moves the usage of a streamed answer to one final piece that also carries the gateway's metadata.
 *
 * <p>Providers report usage on different pieces (OpenAI on a usage-only last piece, Anthropic at the
 * start and the end); callers get it in one place, the last piece, without any piece being held back.
 */
final class StreamFinisher {

    private StreamChatCompletionResponse header = StreamChatCompletionResponse.getDefaultInstance();
    private Usage usage;
    private FinishReason finishReason = FinishReason.FINISH_REASON_UNSPECIFIED;
    private boolean started;

    /** Remembers the piece's usage and finish reason, and tells whether anything else is left to pass on. */
    boolean keep(StreamChatCompletionResponse piece) {
        started = true;
        if (header.getId().isEmpty()) {
            header = StreamChatCompletionResponse.newBuilder().setId(piece.getId()).setModel(piece.getModel())
                                                 .setCreated(piece.getCreated()).build();
        }
        if (piece.getChoicesCount() > 0
            && piece.getChoices(0).getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
            finishReason = piece.getChoices(0).getFinishReason();
        }
        if (!piece.hasUsage()) {
            return true;
        }
        usage = piece.getUsage();
        return piece.getChoicesCount() > 0;
    }

    /** Returns the piece without its usage, which the last piece carries instead. */
    StreamChatCompletionResponse strip(StreamChatCompletionResponse piece) {
        return piece.hasUsage() ? piece.toBuilder().clearUsage().build() : piece;
    }

    /** Returns whether any piece has passed, i.e. the caller may already hold part of the answer. */
    boolean started() {
        return started;
    }

    /**
     * Returns the last piece of an answer cut by a failure: every alternative finishes with ERROR, with the
     * usage (if any was reported) and the gateway's metadata.
     */
    StreamChatCompletionResponse failedLast(GatewayMetadata gateway) {
        final StreamChatCompletionResponse.Builder last = header.toBuilder().setGateway(gateway)
                .addChoices(ChoiceDelta.newBuilder().setIndex(0).setDelta(Delta.getDefaultInstance())
                                       .setFinishReason(FinishReason.FINISH_REASON_ERROR));
        if (usage != null) {
            last.setUsage(usage);
        }
        return last.build();
    }

    /** Returns the usage a piece reported, or null when none did. */
    Usage usage() {
        return usage;
    }

    /** Returns the finish reason of the first alternative, once a piece said it. */
    FinishReason finishReason() {
        return finishReason;
    }

    /** Returns the last piece: the usage, if any was reported, and the gateway's metadata. */
    StreamChatCompletionResponse last(GatewayMetadata gateway) {
        final StreamChatCompletionResponse.Builder last = header.toBuilder().setGateway(gateway);
        if (usage != null) {
            last.setUsage(usage);
        }
        return last.build();
    }
}
