package dev.llmg.internal.conversation;

import static java.util.Objects.requireNonNull;

import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.internal.call.Caller;

/**
 * A conversation as stored: what its API shows, and whose it is, which the API never shows.
 *
 * @param conversation the conversation, with its id, times and turn count
 * @param owner the {@link Caller#id()} of the caller that created it
 * @param tenant that caller's tenant, or null for a caller of none
 */
public record StoredConversation(Conversation conversation, String owner, String tenant) {

    /** Checks the conversation and owner are present. */
    public StoredConversation {
        requireNonNull(conversation, "conversation");
        requireNonNull(owner, "owner");
    }

    /** Returns whether {@code caller} may see and use it: its owner (same id and tenant), or an admin. */
    public boolean visibleTo(Caller caller) {
        return caller.admin() || owner.equals(caller.id()) && java.util.Objects.equals(tenant, caller.tenant());
    }
}
