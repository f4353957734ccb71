package dev.llmg.internal.conversation;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/** The refusals of conversations, worded once: an unknown conversation and another caller's read the same. */
final class ConversationErrors {

    private ConversationErrors() {}

    /** Returns NOT_FOUND for {@code id}, which may exist but belong to someone else (that is not said). */
    static GatewayException notFound(String id) {
        return new GatewayException(ErrorKind.NOT_FOUND, "conversation_not_found", "conversation_id",
                                    "no conversation with id '" + id + "'", null);
    }

    /** Returns UNAVAILABLE for a store that failed; its own words (hosts, tables) stay in the log. */
    static GatewayException unavailable(Throwable cause) {
        return new GatewayException(ErrorKind.UNAVAILABLE, "storage_unavailable", "",
                                    "the conversation database is unavailable", cause);
    }
}
