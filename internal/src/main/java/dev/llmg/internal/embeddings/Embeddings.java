package dev.llmg.internal.embeddings;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.internal.chat.ChatCall;
import dev.llmg.internal.chat.GatewayStamp;
import dev.llmg.internal.routing.ModelRouter;
import dev.llmg.internal.routing.Route;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.GatewayException;

/**
 * Creates embeddings for every protocol adapter: checks the request, asks the router for a provider that
 * can embed with the named model, calls it, and stamps the gateway's metadata on the answer.
 *
 * <p>Failures come back inside the returned future, never thrown, so adapters handle one path.
 */
public final class Embeddings {

    private final ModelRouter router;
    private final EmbeddingsLimits limits;

    @Inject
    Embeddings(ModelRouter router, EmbeddingsLimits limits) {
        this.router = requireNonNull(router, "router");
        this.limits = requireNonNull(limits, "limits");
    }

    /** Answers the request; {@code call} identifies it and times the gateway's own work. */
    public CompletableFuture<CreateEmbeddingsResponse> create(CreateEmbeddingsRequest request, ChatCall call) {
        final Route<EmbeddingProvider> route;
        try {
            EmbeddingsRequestValidator.validate(request, limits);
            route = router.routeEmbeddings(request);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        final GatewayStamp stamp = new GatewayStamp(call, route);
        stamp.sent();
        return route.provider().embed(request.toBuilder().setModel(route.providerModel()).build())
                    .thenApply(response -> {
                        stamp.answered();
                        limits.check(response); // when the model chose the dimensions, only its answer tells
                        return response.toBuilder()
                                       .setGateway(stamp.metadata(response.getGateway().getProviderRequestId()))
                                       .build();
                    });
    }
}
