package dev.llmg.spi;

import java.util.concurrent.CompletableFuture;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;

/**
 * Turns texts into embedding vectors with one provider's models, for providers that offer embeddings.
 *
 * <p>A provider client offers it by implementing this interface next to {@link ChatProvider}; the router
 * refuses embedding requests for models whose provider does not. The request's {@code model} is already the
 * provider's own name for the model. Implementations must not block the calling thread, and report failures
 * as {@link GatewayException}s.
 */
public interface EmbeddingProvider {

    /**
     * Sends the request as one {@link Attempt} and completes with one vector per input, in the order of the
     * inputs. Cancelling the returned future must stop the upstream call.
     */
    CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt);
}
