package dev.llmg.internal.routing;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.internal.call.Caller;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;

/**
 * Decides where a request may go: the seam where model groups, balancing, fallbacks and rules plug in.
 *
 * <p>It plans and never calls: the {@link AttemptExecutor} works through the plan, so that retries, fallbacks
 * and breakers are the same for every use case and every front door.
 */
public interface ModelRouter {

    /**
     * Returns the targets that may answer the chat request (to be {@code streaming} or not), in the order to
     * try them, or throws a
     * {@link dev.llmg.spi.GatewayException}: NOT_FOUND for an unknown model, FAILED_PRECONDITION (or
     * INVALID_ARGUMENT) when no target can serve it, UNAVAILABLE when the only targets that could are failing
     * (their breakers are open), saying why.
     */
    RoutePlan<ChatProvider> plan(ChatRequest request, Caller caller, boolean streaming);

    /**
     * Returns the targets that may answer the embeddings request, or throws as {@link #plan} does, and
     * INVALID_ARGUMENT when the model's providers cannot make embeddings.
     */
    RoutePlan<EmbeddingProvider> planEmbeddings(CreateEmbeddingsRequest request, Caller caller);
}
