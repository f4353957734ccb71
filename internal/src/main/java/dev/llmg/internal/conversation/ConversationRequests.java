package dev.llmg.internal.conversation;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationLimits;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.spi.GatewayException;

/**
 * Reads and checks what callers send to {@code ConversationService} before any database is asked: a missing id, an
 * oversized title, negative limits, an unknown field in an update mask and a page token this server did not make
 * are INVALID_ARGUMENT naming the field to fix.
 */
final class ConversationRequests {

    static final int DEFAULT_CONVERSATIONS_PAGE = 50;
    static final int DEFAULT_MESSAGES_PAGE = 100;
    static final int MAX_PAGE = 1000;
    static final int MAX_TITLE = 500;
    static final int MAX_NAME = 255;
    /** The longest system prompt: far beyond any useful one, well within what H2 keeps in a TEXT column. */
    static final int MAX_SYSTEM_PROMPT = 100_000;

    /** The fields an update may change. */
    static final Set<String> UPDATABLE =
            Set.of("title", "system_prompt", "model", "end_user_id", "metadata", "limits");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ConversationRequests() {}

    /** Returns a new conversation id: {@code conv_} and 24 random hex digits. */
    static String newId() {
        final byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "conv_" + HexFormat.of().formatHex(bytes);
    }

    /** Returns {@code id}, or INVALID_ARGUMENT naming {@code field} when it is empty. */
    static String id(String id, String field) {
        if (id.isEmpty()) {
            throw GatewayException.invalidArgument(field, field + " is required: the conversation's id");
        }
        return id;
    }

    /** Checks the values a conversation is created or updated with. */
    static void check(Conversation conversation) {
        if (conversation.getTitle().length() > MAX_TITLE) {
            throw GatewayException.invalidArgument("conversation.title", "title holds at most " + MAX_TITLE
                                                                         + " characters");
        }
        if (conversation.getSystemPrompt().length() > MAX_SYSTEM_PROMPT) {
            throw GatewayException.invalidArgument("conversation.system_prompt", "system_prompt holds at most "
                                                                                 + MAX_SYSTEM_PROMPT + " characters");
        }
        if (conversation.getModel().length() > MAX_NAME) {
            throw GatewayException.invalidArgument("conversation.model", "model holds at most " + MAX_NAME
                                                                         + " characters");
        }
        if (conversation.getEndUserId().length() > MAX_NAME) {
            throw GatewayException.invalidArgument("conversation.end_user_id", "end_user_id holds at most "
                                                                               + MAX_NAME + " characters");
        }
        metadata(conversation.getMetadataMap());
        final ConversationLimits limits = conversation.getLimits();
        if (limits.getMaxPairs() < 0) {
            throw GatewayException.invalidArgument("conversation.limits.max_pairs",
                                                   "max_pairs must not be negative (0 takes the default)");
        }
        if (limits.getMaxContextTokens() < 0) {
            throw GatewayException.invalidArgument("conversation.limits.max_context_tokens",
                                                   "max_context_tokens must not be negative (0 takes the default)");
        }
    }

    /** Returns {@code current} with the fields of {@code changes} that {@code mask} names (empty: those given). */
    static Conversation merge(Conversation current, Conversation changes, Iterable<String> mask) {
        final Conversation.Builder merged = current.toBuilder();
        boolean any = false;
        for (String path : mask) {
            any = true;
            if (!UPDATABLE.contains(path)) {
                throw GatewayException.invalidArgument("update_mask", "update_mask may name " + String.join(", ",
                        UPDATABLE.stream().sorted().toList()) + ", not '" + path + "'");
            }
            set(merged, changes, path);
        }
        if (!any) {
            for (String path : UPDATABLE) {
                if (given(changes, path)) {
                    set(merged, changes, path);
                }
            }
        }
        return merged.build();
    }

    private static boolean given(Conversation changes, String path) {
        switch (path) {
            case "title": return !changes.getTitle().isEmpty();
            case "system_prompt": return !changes.getSystemPrompt().isEmpty();
            case "model": return !changes.getModel().isEmpty();
            case "end_user_id": return !changes.getEndUserId().isEmpty();
            case "metadata": return changes.getMetadataCount() > 0;
            default: return changes.hasLimits();
        }
    }

    private static void set(Conversation.Builder merged, Conversation changes, String path) {
        switch (path) {
            case "title" -> merged.setTitle(changes.getTitle());
            case "system_prompt" -> merged.setSystemPrompt(changes.getSystemPrompt());
            case "model" -> merged.setModel(changes.getModel());
            case "end_user_id" -> merged.setEndUserId(changes.getEndUserId());
            case "metadata" -> merged.clearMetadata().putAllMetadata(changes.getMetadataMap());
            default -> merged.setLimits(changes.getLimits());
        }
    }

    /** Returns the page size asked for, {@code fallback} for 0, at most {@link #MAX_PAGE}. */
    static int pageSize(PageRequest page, int fallback) {
        if (page.getPageSize() < 0) {
            throw GatewayException.invalidArgument("page.page_size", "page.page_size must not be negative");
        }
        return page.getPageSize() == 0 ? fallback : Math.min(page.getPageSize(), MAX_PAGE);
    }

    /** Reads a page token with {@code parser}; a token it does not take is INVALID_ARGUMENT. */
    static <T> Optional<T> cursor(PageRequest page, Function<String, Optional<T>> parser) {
        if (page.getPageToken().isEmpty()) {
            return Optional.empty();
        }
        final Optional<T> cursor = parser.apply(page.getPageToken());
        if (cursor.isEmpty()) {
            throw GatewayException.invalidArgument("page.page_token",
                    "page.page_token is not a token this server returned; omit it to start from the first page");
        }
        return cursor;
    }

    /** Returns the metadata checked: keys and values are bounded. */
    static Map<String, String> metadata(Map<String, String> metadata) {
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().length() > MAX_NAME || entry.getValue().length() > 4096) {
                throw GatewayException.invalidArgument("conversation.metadata", "metadata keys hold at most "
                        + MAX_NAME + " characters and values at most 4096");
            }
        }
        return metadata;
    }
}
