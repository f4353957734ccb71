package dev.llmg.internal.conversation;

import dev.llmg.internal.config.ConfigSection;

/**
 * Holds the {@code conversations} section of the configuration: how much stored history goes ahead of a new turn
 * when a conversation sets no limits of its own.
 *
 * @param maxPairs the most earlier turns (a user's messages and the answer) sent; 50 by default
 * @param maxContextTokens the most tokens of system prompt, history and new turn together; 16384 by default, a
 *                         budget that fits every current chat model's window with room for the answer (raise it for
 *                         long-context models: each turn sends, and pays for, the whole context again)
 */
public record ConversationSettings(int maxPairs, int maxContextTokens) {

    /** Reads {@code conversations}, applying the defaults. */
    public static ConversationSettings from(ConfigSection root) {
        final ConfigSection section = root.sectionOrEmpty("conversations");
        section.allowOnly("max_pairs", "max_context_tokens");
        return new ConversationSettings(section.integer("max_pairs", 50, 1, 100_000),
                                        section.integer("max_context_tokens", 16_384, 1, 10_000_000));
    }
}
