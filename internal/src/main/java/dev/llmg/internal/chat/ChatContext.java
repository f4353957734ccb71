package dev.llmg.internal.chat;

import java.util.concurrent.CompletableFuture;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.call.Call;

/**
 * What the gateway keeps for its callers around a chat request, applied by the use case before the request is
 * checked and routed, the same for every front door: named instructions rendered into it, a conversation's
 * history put ahead of its new turn. Each concern is one {@link Step}; {@link ChatContexts} runs them in order.
 */
public interface ChatContext {

    /**
     * Opens the call's turn for the request as the caller asked it; completes with the widened request, or fails
     * with a {@code GatewayException} saying what the caller should fix (an unknown conversation, a missing
     * variable). Completes at once when the request names nothing that needs a context.
     */
    CompletableFuture<ChatTurn> open(ChatRequest asked, Call call);

    /**
     * One concern of the context; steps run in ascending {@link #order()}, each on the request the last one
     * widened.
     */
    interface Step {

        /** Where this step runs among the others: instructions (100) render before conversations (200) add history. */
        int order();

        /** Opens this step's part of the turn, as {@link ChatContext#open}. */
        CompletableFuture<ChatTurn> open(ChatRequest request, Call call);
    }
}
