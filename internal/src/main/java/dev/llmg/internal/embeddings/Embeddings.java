package dev.llmg.internal.embeddings;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.internal.auth.ModelAccess;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.call.CallRequest.Operation;
import dev.llmg.internal.chat.CallEnd;
import dev.llmg.internal.quota.CallQuotas;
import dev.llmg.internal.routing.AttemptExecutor;
import dev.llmg.internal.routing.ModelRouter;
import dev.llmg.internal.routing.RoutePlan;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.GatewayException;

/**
 * Creates embeddings for every protocol adapter: checks the request, asks the router for the targets that
 * can embed with the named model, has the attempt executor work through them, and stamps the gateway's
 * metadata on the answer.
 *
 * <p>Failures come back inside the returned future, never thrown, so adapters handle one path.
 */
public final class Embeddings {

    private final ModelRouter router;
    private final AttemptExecutor attempts;
    private final EmbeddingsLimits limits;
    private final CallQuotas quotas;

    @Inject
    Embeddings(ModelRouter router, AttemptExecutor attempts, EmbeddingsLimits limits, CallQuotas quotas) {
        this.router = requireNonNull(router, "router");
        this.attempts = requireNonNull(attempts, "attempts");
        this.limits = requireNonNull(limits, "limits");
        this.quotas = requireNonNull(quotas, "quotas");
    }

    /** Answers the request of {@code call}. */
    public CompletableFuture<CreateEmbeddingsResponse> create(CreateEmbeddingsRequest asked, Call call) {
        final RoutePlan<EmbeddingProvider> plan;
        final CreateEmbeddingsRequest request;
        call.recorder().requested(new CallRequest(Operation.EMBEDDINGS, asked.getModel(), false, asked));
        try {
            final String model = ModelAccess.modelFor(call.caller(), asked.getModel());
            request = model.equals(asked.getModel()) ? asked : asked.toBuilder().setModel(model).build();
            EmbeddingsRequestValidator.validate(request, limits);
            plan = router.planEmbeddings(request, call.caller());
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(CallEnd.failed(call, e));
        }
        return quotas.admit(call).handle((admitted, refusal) -> refusal)
                     .thenCompose(refusal -> refusal == null ? answer(request, plan, call)
                                                             : CompletableFuture.failedFuture(
                                                                     CallEnd.failed(call, refusal)));
    }

    private CompletableFuture<CreateEmbeddingsResponse> answer(CreateEmbeddingsRequest request,
                                                               RoutePlan<EmbeddingProvider> plan, Call call) {
        return attempts.unary(call, plan, (candidate, attempt) -> candidate.client().embed(
                               request.toBuilder().setModel(candidate.target().model()).build(), attempt))
                       .handle((routed, cause) -> {
                           // When the model chose the dimensions, only its answer tells how big it is.
                           final Throwable failure = cause != null ? cause
                                                                   : limits.refusal(routed.answer()).orElse(null);
                           if (failure != null) {
                               throw new CompletionException(CallEnd.failed(call, failure));
                           }
                           return routed.answer().toBuilder().setGateway(CallEnd.answered(
                                   call, routed, routed.answer().getUsage(), FinishReason.FINISH_REASON_UNSPECIFIED,
                                   routed.answer()))
                                        .build();
                       });
    }
}
