package dev.llmg.internal.conversation;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/** The refusals of conversations, worded once: an unknown conversation and another caller's read the same. */
final class ConversationErrors {

    private static final Logger logger = LoggerFactory.getLogger(ConversationErrors.class);

    private ConversationErrors() {}

    /** Runs work on the store, reporting any failure but a refusal as UNAVAILABLE (and logging it). */
    static <T> T reading(Supplier<T> work) {
        try {
            return work.get();
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            logger.warn("The conversation store failed", e);
            throw unavailable(e);
        }
    }

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
