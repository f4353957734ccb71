package dev.llmg.internal.conversation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.llmg.internal.call.Call;

/**
 * Marks the calls that regenerate a conversation's last answer, so that the same chat use case serves them (routing,
 * tracking and quotas as any call) while {@link ConversationStep} sends the last user turn again and replaces its
 * answer instead of appending a new turn. The mark travels beside the call rather than in the request, so no caller
 * can ask for it on a chat request.
 */
@Singleton
final class Regenerations {

    private final Map<Call, String> marked = new ConcurrentHashMap<>();

    @Inject
    Regenerations() {}

    /** Marks {@code call} as regenerating {@code conversationId}'s last answer. */
    void mark(Call call, String conversationId) {
        marked.put(call, conversationId);
    }

    /** Returns the conversation {@code call} regenerates and forgets the mark, or null for any other call. */
    String take(Call call) {
        return marked.isEmpty() ? null : marked.remove(call);
    }

    /** Forgets the mark of a call that ended before its context opened. */
    void forget(Call call) {
        marked.remove(call);
    }
}
