package dev.llmg.bench;

import java.util.concurrent.CompletableFuture;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

import io.grpc.stub.StreamObserver;

/** Calls llmg's native gRPC {@code ChatService} with the generated stubs, unary or streaming. */
final class GrpcTarget implements Target {

    private final ChatServiceGrpc.ChatServiceFutureStub futures;
    private final ChatServiceGrpc.ChatServiceStub async;
    private final CreateChatCompletionRequest unary;
    private final StreamChatCompletionRequest streaming;
    private final boolean stream;

    /** Creates a target that sends {@code chat} through the given stubs. */
    GrpcTarget(ChatServiceGrpc.ChatServiceFutureStub futures, ChatServiceGrpc.ChatServiceStub async,
               ChatRequest chat, boolean stream) {
        this.futures = futures;
        this.async = async;
        unary = CreateChatCompletionRequest.newBuilder().setChat(chat).build();
        streaming = StreamChatCompletionRequest.newBuilder().setChat(chat).build();
        this.stream = stream;
    }

    @Override
    public CompletableFuture<Void> send(long intendedNanos, Measurements sink) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        if (stream) {
            async.streamChatCompletion(streaming, new StreamObserver<>() {
                private final Measurements.ChunkClock chunks = sink.chunkClock(intendedNanos);

                @Override
                public void onNext(StreamChatCompletionResponse value) {
                    chunks.arrived();
                }

                @Override
                public void onError(Throwable t) {
                    sink.error();
                    done.complete(null);
                }

                @Override
                public void onCompleted() {
                    sink.success(intendedNanos);
                    done.complete(null);
                }
            });
            return done;
        }
        Futures.addCallback(futures.createChatCompletion(unary), new FutureCallback<CreateChatCompletionResponse>() {
            @Override
            public void onSuccess(CreateChatCompletionResponse result) {
                sink.success(intendedNanos);
                done.complete(null);
            }

            @Override
            public void onFailure(Throwable t) {
                sink.error();
                done.complete(null);
            }
        }, MoreExecutors.directExecutor());
        return done;
    }
}
