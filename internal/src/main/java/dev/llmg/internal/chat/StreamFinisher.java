package dev.llmg.internal.chat;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Moves the usage of a streamed answer to one final piece that also carries the gateway's metadata.
 *
 * <p>Providers report usage on different pieces (OpenAI on a usage-only last piece, Anthropic at the
 * start and the end); callers get it in one place, the last piece, without any piece being held back.
 */
final class StreamFinisher {

    private final GatewayStamp stamp;
    private StreamChatCompletionResponse header = StreamChatCompletionResponse.getDefaultInstance();
    private Usage usage;

    StreamFinisher(GatewayStamp stamp) {
        this.stamp = stamp;
    }

    /** Remembers the piece's usage, and tells whether anything else is left in it to pass on. */
    boolean keep(StreamChatCompletionResponse piece) {
        if (header.getId().isEmpty()) {
            header = StreamChatCompletionResponse.newBuilder().setId(piece.getId()).setModel(piece.getModel())
                                                 .setCreated(piece.getCreated()).build();
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

    /** Returns the last piece: the usage, if any was reported, and the gateway's metadata. */
    StreamChatCompletionResponse last() {
        stamp.answered();
        final StreamChatCompletionResponse.Builder last = header.toBuilder().setGateway(stamp.metadata(""));
        if (usage != null) {
            last.setUsage(usage);
        }
        return last.build();
    }
}
