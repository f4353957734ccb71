package dev.llmg.internal.api.graphql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import javax.inject.Inject;

import org.reactivestreams.Publisher;

import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationServiceGrpc;
import dev.llmg.api.gateway.v1.CreateConversationRequest;
import dev.llmg.api.gateway.v1.DeleteConversationRequest;
import dev.llmg.api.gateway.v1.GetConversationRequest;
import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.InferencesServiceGrpc;
import dev.llmg.api.gateway.v1.ListConversationMessagesRequest;
import dev.llmg.api.gateway.v1.ListConversationsRequest;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.ModelsServiceGrpc;
import dev.llmg.api.gateway.v1.UpdateConversationRequest;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.chat.ChatCompletions;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeRuntimeWiring;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;

/**
 * Answers the schema's root fields with llmg's use cases: the chat use case for completions and streams, and
 * the gRPC services themselves (called in process, {@link UnaryRpc}) for models, inferences and conversations.
 * Each argument list is read as the service's request message, so its checks and errors are the service's.
 */
final class GatewayFetchers {

    private final ChatCompletions chat;
    private final ModelsServiceGrpc.AsyncService models;
    private final InferencesServiceGrpc.AsyncService inferences;
    private final ConversationServiceGrpc.AsyncService conversations;

    @Inject
    GatewayFetchers(ChatCompletions chat, Set<BindableService> services) {
        this.chat = requireNonNull(chat, "chat");
        this.models = find(services, ModelsServiceGrpc.AsyncService.class);
        this.inferences = find(services, InferencesServiceGrpc.AsyncService.class);
        this.conversations = find(services, ConversationServiceGrpc.AsyncService.class);
    }

    /** Wires the fetchers into the schema's Query, Mutation, Subscription and Conversation types. */
    RuntimeWiring.Builder wire(RuntimeWiring.Builder wiring) {
        return wiring
                .type(TypeRuntimeWiring.newTypeWiring("Query")
                        .dataFetcher("models", unary(models::listModels, ListModelsRequest.getDefaultInstance()))
                        .dataFetcher("inferences", unary(inferences::listInferences,
                                                         ListInferencesRequest.getDefaultInstance()))
                        .dataFetcher("inference", field(unary(inferences::getInference,
                                                              GetInferenceRequest.getDefaultInstance()), "inference"))
                        .dataFetcher("usage", unary(inferences::getUsage, GetUsageRequest.getDefaultInstance()))
                        .dataFetcher("conversations", unary(conversations::listConversations,
                                                            ListConversationsRequest.getDefaultInstance()))
                        .dataFetcher("conversation", field(unary(conversations::getConversation,
                                GetConversationRequest.getDefaultInstance()), "conversation")))
                .type(TypeRuntimeWiring.newTypeWiring("Conversation")
                        .dataFetcher("messages", this::conversationMessages))
                .type(TypeRuntimeWiring.newTypeWiring("Mutation")
                        .dataFetcher("createChatCompletion", this::createChatCompletion)
                        .dataFetcher("createConversation", this::createConversation)
                        .dataFetcher("updateConversation", this::updateConversation)
                        .dataFetcher("deleteConversation", this::deleteConversation))
                .type(TypeRuntimeWiring.newTypeWiring("Subscription")
                        .dataFetcher("chatCompletionStream", this::chatCompletionStream));
    }

    private CompletableFuture<Map<String, Object>> createChatCompletion(DataFetchingEnvironment env) {
        final Call call = callerOf(env).calls().get();
        final ChatRequest request = ProtoGraph.read(env.getArgument("input"), ChatRequest.getDefaultInstance(),
                                                    "input");
        return chat.complete(request, call).thenApply(ProtoGraph::toGraph);
    }

    private Publisher<Map<String, Object>> chatCompletionStream(DataFetchingEnvironment env) {
        final Call call = callerOf(env).calls().get();
        final ChatRequest request = ProtoGraph.read(env.getArgument("input"), ChatRequest.getDefaultInstance(),
                                                    "input");
        return chat.stream(request, call).map(ProtoGraph::toGraph);
    }

    private CompletableFuture<Object> createConversation(DataFetchingEnvironment env) {
        final Conversation conversation = ProtoGraph.read(env.getArgument("input"),
                                                          Conversation.getDefaultInstance(), "input");
        return UnaryRpc.call(callerOf(env).ctx(), conversations::createConversation,
                             CreateConversationRequest.newBuilder().setConversation(conversation).build())
                       .thenApply(response -> ProtoGraph.toGraph(response.getConversation()));
    }

    private CompletableFuture<Object> updateConversation(DataFetchingEnvironment env) {
        final Map<String, Object> input = env.getArgument("input");
        final Conversation conversation = ProtoGraph.read(input, Conversation.getDefaultInstance(), "input")
                                                    .toBuilder().setId(env.getArgument("id")).build();
        final List<String> mask = env.getArgument("updateMask");
        final FieldMask.Builder paths = FieldMask.newBuilder();
        if (mask != null) {
            paths.addAllPaths(mask);
        } else {
            // Omitted: every field the caller gave, named as the proto names them.
            input.keySet().forEach(name -> paths.addPaths(protoName(name)));
        }
        return UnaryRpc.call(callerOf(env).ctx(), conversations::updateConversation,
                             UpdateConversationRequest.newBuilder().setConversation(conversation)
                                                      .setUpdateMask(paths).build())
                       .thenApply(response -> ProtoGraph.toGraph(response.getConversation()));
    }

    private CompletableFuture<Object> deleteConversation(DataFetchingEnvironment env) {
        return UnaryRpc.call(callerOf(env).ctx(), conversations::deleteConversation,
                             DeleteConversationRequest.newBuilder().setId(env.getArgument("id")).build())
                       .thenApply(response -> true);
    }

    private CompletableFuture<Object> conversationMessages(DataFetchingEnvironment env) {
        final Map<String, Object> conversation = env.getSource();
        final ListConversationMessagesRequest request = ProtoGraph.read(
                env.getArguments(), ListConversationMessagesRequest.getDefaultInstance(), "messages")
                .toBuilder().setId((String) conversation.get("id")).build();
        return UnaryRpc.call(callerOf(env).ctx(), conversations::listConversationMessages, request)
                       .thenApply(ProtoGraph::toGraph);
    }

    /** Returns a fetcher that reads its arguments as {@code prototype}'s request and calls {@code method}. */
    private static <Q extends Message, R extends Message> DataFetcher<CompletableFuture<Map<String, Object>>> unary(
            BiConsumer<Q, StreamObserver<R>> method, Q prototype) {
        return env -> {
            final Q request = ProtoGraph.read(env.getArguments(), prototype, "arguments");
            return UnaryRpc.call(callerOf(env).ctx(), method, request).thenApply(ProtoGraph::toGraph);
        };
    }

    /** Returns a fetcher that answers with one field of what {@code fetcher} answers (a Get response's message). */
    private static DataFetcher<CompletableFuture<Object>> field(
            DataFetcher<CompletableFuture<Map<String, Object>>> fetcher, String name) {
        return env -> fetcher.get(env).thenApply(response -> response.get(name));
    }

    private static GraphqlCaller callerOf(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(GraphqlCaller.class);
    }

    /** Turns a proto3 JSON name ({@code systemPrompt}) into the proto field name a FieldMask holds. */
    private static String protoName(String jsonName) {
        return jsonName.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static <T> T find(Set<BindableService> services, Class<T> type) {
        for (BindableService service : services) {
            if (type.isInstance(service)) {
                return type.cast(service);
            }
        }
        throw new IllegalStateException("no " + type.getName() + " is bound");
    }
}
