package dev.llmg.internal.routing;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;

/**
 * Chooses the target of a request: the seam where grouping, balancing, fallbacks and rules plug in.
 *
 * <p>The use cases depend on this interface only, so a smarter router replaces the static one without
 * touching the protocol adapters or the providers.
 */
public interface ModelRouter {

    /**
     * Returns where the chat request goes, or throws a {@link dev.llmg.spi.GatewayException}: NOT_FOUND for an
     * unknown model, FAILED_PRECONDITION when its provider cannot be used.
     */
    Route<ChatProvider> route(ChatRequest request);

    /**
     * Returns where the embeddings request goes, or throws as {@link #route} does, and INVALID_ARGUMENT when
     * the model's provider cannot make embeddings.
     */
    Route<EmbeddingProvider> routeEmbeddings(CreateEmbeddingsRequest request);
}
