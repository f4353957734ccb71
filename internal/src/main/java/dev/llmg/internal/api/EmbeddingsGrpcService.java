package dev.llmg.internal.api;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.EmbeddingsServiceGrpc;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.embeddings.Embeddings;
import dev.llmg.spi.GatewayException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.EmbeddingsService} over gRPC, gRPC-Web and REST transcoding: it hands the
 * request to the embeddings use case and relays the answer, without blocking the event loop.
 */
final class EmbeddingsGrpcService extends EmbeddingsServiceGrpc.EmbeddingsServiceImplBase {

    private final Embeddings embeddings;
    private final CallFactory calls;

    @Inject
    EmbeddingsGrpcService(Embeddings embeddings, CallFactory calls) {
        this.embeddings = requireNonNull(embeddings, "embeddings");
        this.calls = requireNonNull(calls, "calls");
    }

    @Override
    public void createEmbeddings(CreateEmbeddingsRequest request, StreamObserver<CreateEmbeddingsResponse> observer) {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        final Call call;
        try {
            call = calls.forRequest(ctx, Surface.ofGrpcService(ctx));
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        ((ServerCallStreamObserver<CreateEmbeddingsResponse>) observer).setOnCancelHandler(call::cancel);
        embeddings.create(request, call).handleAsync((response, cause) -> {
            if (cause != null) {
                observer.onError(ErrorStatus.unwrap(cause));
            } else {
                observer.onNext(response);
                observer.onCompleted();
            }
            return null;
        }, ctx.eventLoop()); // gRPC observers are not thread-safe: answer on the call's own event loop
    }
}
