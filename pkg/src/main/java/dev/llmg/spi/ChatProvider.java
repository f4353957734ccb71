package dev.llmg.spi;

import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * Answers chat requests with one provider's models: the seam between llmg's canonical model and a
 * provider's wire format.
 *
 * <p>The request's {@code model} is already the provider's own name for the model. Implementations must
 * not block the calling thread, and report failures as {@link GatewayException}s (usually
 * {@link ProviderException}s), never as protocol-specific errors. Each call is one {@link Attempt}: the
 * provider keeps within its timeout and reports what the upstream answered there.
 */
public interface ChatProvider {

    /**
     * Sends the request and completes with the whole answer. Cancelling the returned future must stop the
     * upstream call.
     */
    CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt);

    /**
     * Sends the request and publishes the answer piece by piece as the provider produces it.
     *
     * <p>The last piece carries the usage. Cancelling the subscription must stop the upstream call, and
     * pieces are only produced as fast as the subscriber requests them.
     */
    StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt);
}
