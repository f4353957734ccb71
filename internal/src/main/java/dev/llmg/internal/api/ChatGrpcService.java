package dev.llmg.internal.api;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.chat.ChatCompletions;
import dev.llmg.spi.GatewayException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.ChatService} over gRPC, gRPC-Web and REST transcoding: it unwraps the
 * request, hands it to the chat use case and relays the answer. It never blocks the event loop.
 */
final class ChatGrpcService extends ChatServiceGrpc.ChatServiceImplBase {

    private final ChatCompletions chat;
    private final CallFactory calls;

    @Inject
    ChatGrpcService(ChatCompletions chat, CallFactory calls) {
        this.chat = requireNonNull(chat, "chat");
        this.calls = requireNonNull(calls, "calls");
    }

    @Override
    public void createChatCompletion(CreateChatCompletionRequest request,
                                     StreamObserver<CreateChatCompletionResponse> observer) {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        final Call call;
        try {
            call = calls.forRequest(ctx, Surface.ofGrpcService(ctx));
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        if (!request.hasChat()) {
            observer.onError(missingChat());
            return;
        }
        // A caller that goes away stops the attempt in flight and any retry.
        ((ServerCallStreamObserver<CreateChatCompletionResponse>) observer).setOnCancelHandler(call::cancel);
        chat.complete(request.getChat(), call).handleAsync((response, cause) -> {
            if (cause != null) {
                observer.onError(ErrorStatus.unwrap(cause));
            } else {
                observer.onNext(response);
                observer.onCompleted();
            }
            return null;
        }, ctx.eventLoop()); // gRPC observers are not thread-safe: answer on the call's own event loop
    }

    @Override
    public void streamChatCompletion(StreamChatCompletionRequest request,
                                     StreamObserver<StreamChatCompletionResponse> observer) {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        final Call call;
        try {
            call = calls.forRequest(ctx, Surface.ofGrpcService(ctx));
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        // A caller that goes away stops the attempt in flight and any retry, and the call ends as cancelled.
        final StreamObserverSubscriber<StreamChatCompletionResponse> subscriber = new StreamObserverSubscriber<>(
                (ServerCallStreamObserver<StreamChatCompletionResponse>) observer, call::cancel);
        if (!request.hasChat()) {
            observer.onError(missingChat());
            return;
        }
        chat.stream(request.getChat(), call).subscribe(subscriber, ctx.eventLoop());
    }

    private static GatewayException missingChat() {
        return GatewayException.invalidArgument("chat", "chat is required: the chat request, with model and messages");
    }
}
