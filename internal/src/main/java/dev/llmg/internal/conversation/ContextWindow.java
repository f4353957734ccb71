package dev.llmg.internal.conversation;

import java.util.ArrayList;
import java.util.List;

import dev.llmg.api.gateway.v1.ConversationContext;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;

/**
 * Fits a conversation's stored history between its system messages and the new turn, within a number of earlier
 * turns and a token budget: the oldest exchanges go first, always whole. An exchange is a user's message and
 * everything stored up to the next user message (the answer, tool calls, their results, the answer after them), so
 * a tool call is never sent without its result, nor a result without its call. The system messages and the new
 * turn are always sent, even when they alone exceed the budget: the provider then says so.
 */
final class ContextWindow {

    /** What is sent, and what the gateway metadata says of it. */
    record Fitted(List<Message> messages, ConversationContext context) {}

    private ContextWindow() {}

    /**
     * Returns {@code leading} (system messages), the newest exchanges of {@code history} that fit, then
     * {@code turn}.
     */
    static Fitted fit(String conversationId, List<Message> leading, List<ConversationMessage> history,
                      List<Message> turn, int maxPairs, int maxTokens, TokenCounter counter) {
        final List<List<Message>> exchanges = exchanges(history);
        final List<Integer> costs = new ArrayList<>(exchanges.size());
        int fixed = 0;
        for (Message message : leading) {
            fixed += counter.count(message);
        }
        for (Message message : turn) {
            fixed += counter.count(message);
        }
        int total = fixed;
        // Only the newest maxPairs exchanges can go, so only they are counted: a long history costs its load, not
        // a tokenizer pass over all of it.
        int first = Math.max(0, exchanges.size() - maxPairs);
        for (int i = 0; i < first; i++) {
            costs.add(0);
        }
        for (int i = first; i < exchanges.size(); i++) {
            int cost = 0;
            for (Message message : exchanges.get(i)) {
                cost += counter.count(message);
            }
            costs.add(cost);
            total += cost;
        }
        while (first < exchanges.size() && total > maxTokens) {
            total -= costs.get(first++);
        }
        final List<Message> messages = new ArrayList<>(leading);
        int included = 0;
        for (int i = first; i < exchanges.size(); i++) {
            messages.addAll(exchanges.get(i));
            included += exchanges.get(i).size();
        }
        messages.addAll(turn);
        final ConversationContext context = ConversationContext.newBuilder()
                                                               .setConversationId(conversationId)
                                                               .setMessagesIncluded(included)
                                                               .setMessagesDropped(history.size() - included)
                                                               .setContextTokens(total)
                                                               .setTokensEstimated(counter.estimates())
                                                               .setTokenizer(counter.name())
                                                               .build();
        return new Fitted(messages, context);
    }

    /** Cuts the history into exchanges, each starting at a user message (a first one without may start otherwise). */
    static List<List<Message>> exchanges(List<ConversationMessage> history) {
        final List<List<Message>> exchanges = new ArrayList<>();
        List<Message> current = null;
        for (ConversationMessage stored : history) {
            final Message message = stored.getMessage();
            if (current == null || message.getRole() == Role.ROLE_USER && !endsWithUser(current)) {
                current = new ArrayList<>();
                exchanges.add(current);
            }
            current.add(message);
        }
        return exchanges;
    }

    /** Consecutive user messages (one turn's several) stay in one exchange. */
    private static boolean endsWithUser(List<Message> exchange) {
        return exchange.get(exchange.size() - 1).getRole() == Role.ROLE_USER;
    }
}
