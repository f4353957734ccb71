package dev.llmg.internal.chat;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.routing.ModelRouter;
import dev.llmg.internal.routing.Route;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.GatewayException;

/**
 * The chat use case, the same for every protocol: check the request, ask the router for a target, call
 * the provider, and add the gateway's metadata to the answer.
 *
 * <p>Failures come back inside the returned future or stream, never thrown, so adapters handle one path.
 */
public final class ChatCompletions {

    private final ModelRouter router;

    @Inject
    ChatCompletions(ModelRouter router) {
        this.router = requireNonNull(router, "router");
    }

    /** Answers the request as a whole. */
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, ChatCall call) {
        final Dispatch dispatch;
        try {
            dispatch = prepare(request, call);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        dispatch.stamp().sent();
        return dispatch.route().provider().complete(dispatch.upstream()).thenApply(response -> {
            dispatch.stamp().answered();
            final String providerRequestId = response.getGateway().getProviderRequestId();
            return response.toBuilder().setGateway(dispatch.stamp().metadata(providerRequestId)).build();
        });
    }

    /** Answers the request piece by piece; the last piece carries the usage and the gateway's metadata. */
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, ChatCall call) {
        final Dispatch dispatch;
        try {
            dispatch = prepare(request, call);
        } catch (GatewayException e) {
            return StreamMessage.aborted(e);
        }
        final StreamFinisher finisher = new StreamFinisher(dispatch.stamp());
        dispatch.stamp().sent();
        final StreamMessage<StreamChatCompletionResponse> pieces =
                dispatch.route().provider().stream(dispatch.upstream()).filter(finisher::keep).map(finisher::strip);
        // The last piece is made only once the provider's stream has ended well; after a failure the
        // failure ends the stream instead. (StreamMessage.endWith emitted it twice under 1-by-1 demand.)
        final CompletableFuture<StreamMessage<StreamChatCompletionResponse>> last =
                pieces.whenComplete().thenApply(done -> StreamMessage.of(finisher.last()));
        return StreamMessage.concat(pieces, StreamMessage.of(last));
    }

    private Dispatch prepare(ChatRequest request, ChatCall call) {
        ChatRequestValidator.validate(request);
        final Route<ChatProvider> route = router.route(request);
        return new Dispatch(route, new GatewayStamp(call, route),
                            request.toBuilder().setModel(route.providerModel()).build());
    }

    /** A checked, routed request: where it goes, its stopwatch, and the request as the provider sees it. */
    private record Dispatch(Route<ChatProvider> route, GatewayStamp stamp, ChatRequest upstream) {}
}
