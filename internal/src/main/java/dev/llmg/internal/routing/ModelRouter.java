package dev.llmg.internal.routing;

import dev.llmg.api.gateway.v1.ChatRequest;

/**
 * Chooses the target of a chat request: the seam where grouping, balancing, fallbacks and rules plug in.
 *
 * <p>The chat use case depends on this interface only, so a smarter router replaces the static one
 * without touching the protocol adapters or the providers.
 */
public interface ModelRouter {

    /**
     * Returns where the request goes, or throws a {@link dev.llmg.spi.GatewayException}: NOT_FOUND for an
     * unknown model, FAILED_PRECONDITION when its provider cannot be used.
     */
    Route route(ChatRequest request);
}
