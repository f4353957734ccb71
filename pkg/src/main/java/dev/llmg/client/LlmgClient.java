package dev.llmg.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Iterator;

import com.linecorp.armeria.client.grpc.GrpcClientBuilder;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.auth.AuthToken;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import dev.llmg.api.gateway.v1.ChatServiceGrpc.ChatServiceStub;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.ListModelsResponse;
import dev.llmg.api.gateway.v1.ModelsServiceGrpc.ModelsServiceBlockingStub;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import io.grpc.stub.StreamObserver;

/**
 * Calls an llmg gateway over gRPC from Java, so that callers need not assemble stubs themselves.
 *
 * <p>Instances are cheap and thread-safe; they share Armeria's default client factory.
 */
public final class LlmgClient {

    private final ChatServiceBlockingStub chat;
    private final ChatServiceStub asyncChat;
    private final ModelsServiceBlockingStub models;

    private LlmgClient(GrpcClientBuilder builder) {
        chat = builder.build(ChatServiceBlockingStub.class);
        asyncChat = builder.build(ChatServiceStub.class);
        models = builder.build(ModelsServiceBlockingStub.class);
    }

    /** Connects to the gateway at the given base URI (e.g. {@code http://127.0.0.1:8080}) over gRPC. */
    public static LlmgClient connect(URI gateway) {
        requireNonNull(gateway, "gateway");
        return new LlmgClient(GrpcClients.builder(gateway));
    }

    /**
     * Connects to the gateway over gRPC, presenting {@code apiKey} (a key llmg issued to the caller's endpoint) as
     * {@code authorization: Bearer} metadata on every call.
     */
    public static LlmgClient connect(URI gateway, String apiKey) {
        requireNonNull(gateway, "gateway");
        requireNonNull(apiKey, "apiKey");
        return new LlmgClient(GrpcClients.builder(gateway).auth(AuthToken.ofOAuth2(apiKey)));
    }

    /** Connects to the gateway over gRPC-Web, the protocol browsers and HTTP/1.1-only proxies can carry. */
    public static LlmgClient connectGrpcWeb(URI gateway) {
        requireNonNull(gateway, "gateway");
        return new LlmgClient(GrpcClients.builder(gateway)
                                         .serializationFormat(GrpcSerializationFormats.PROTO_WEB));
    }

    /** Asks for a whole answer and waits for it; failures arrive as {@link io.grpc.StatusRuntimeException}. */
    public CreateChatCompletionResponse complete(ChatRequest request) {
        return chat.createChatCompletion(CreateChatCompletionRequest.newBuilder().setChat(request).build());
    }

    /** Asks for a streamed answer and returns its pieces as they arrive; iterating blocks. */
    public Iterator<StreamChatCompletionResponse> stream(ChatRequest request) {
        return chat.streamChatCompletion(StreamChatCompletionRequest.newBuilder().setChat(request).build());
    }

    /** Asks for a streamed answer and hands its pieces to the observer as they arrive, without blocking. */
    public void stream(ChatRequest request, StreamObserver<StreamChatCompletionResponse> observer) {
        asyncChat.streamChatCompletion(StreamChatCompletionRequest.newBuilder().setChat(request).build(),
                                       observer);
    }

    /** Lists the first page of models the gateway can route to. */
    public ListModelsResponse listModels() {
        return models.listModels(ListModelsRequest.getDefaultInstance());
    }
}
