package dev.llmg.internal.routing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.ImageUrl;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;

/**
 * Routing tables built from configuration text, over providers that answer as a test scripts them: the way
 * the gateway builds its table, without a server or an upstream.
 *
 * <p>Providers {@code a}, {@code b} and {@code c} answer chat, {@code e} also makes embeddings, and
 * {@code nokey} has no key.
 */
final class TestRouting {

    static final String PROVIDERS = """
            providers:
              a: {type: chat}
              b: {type: chat}
              c: {type: chat}
              e: {type: embed}
              nokey: {type: nokey}
            """;

    private TestRouting() {}

    /** Builds the routing table of {@code yaml} (its {@code models} and {@code routing}) with fresh health. */
    static RoutingTable table(String yaml) {
        return table(yaml, new TargetHealthRegistry());
    }

    /** Builds the routing table of {@code yaml}, taking each target's health from {@code health}. */
    static RoutingTable table(String yaml, TargetHealthRegistry health) {
        final ConfigSection root = new ConfigLoader(Map.of()).parse(PROVIDERS + yaml);
        return RoutingTable.fromConfig(root, providers(root), health, ModelFacts.builtIn());
    }

    private static ProviderRegistry providers(ConfigSection root) {
        final Map<String, ProviderFactory> factories = Map.of(
                "chat", (name, section) -> ConfiguredProvider.available(name, "chat", new ScriptedChat(name)),
                "embed", (name, section) -> ConfiguredProvider.available(name, "embed", new ScriptedEmbeddings(name)),
                "nokey", (name, section) -> ConfiguredProvider.unavailable(name, "nokey", "no api_key is set"));
        return ProviderRegistry.fromConfig(root, factories);
    }

    /** Returns a request for {@code model} with one short user message. */
    static ChatRequest.Builder request(String model) {
        return ChatRequest.newBuilder().setModel(model).addMessages(user("hello"));
    }

    /** Returns a user message saying {@code text}. */
    static Message user(String text) {
        return Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText(text)).build();
    }

    /** Returns a request for {@code model} that offers a tool. */
    static ChatRequest.Builder withTools(String model) {
        return request(model).addTools(Tool.newBuilder().setName("lookup"));
    }

    /** Returns a request for {@code model} that asks for an answer in a JSON schema. */
    static ChatRequest.Builder withJsonSchema(String model) {
        return request(model).setResponseFormat(
                ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA));
    }

    /** Returns a request for {@code model} that holds an image. */
    static ChatRequest.Builder withImage(String model) {
        return ChatRequest.newBuilder().setModel(model).addMessages(Message.newBuilder().setRole(Role.ROLE_USER).addContent(
                ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder().setUrl("https://example.com/cat.png"))));
    }

    /** Returns a request for {@code model} whose estimated prompt is {@code tokens} tokens (at least 4). */
    static ChatRequest.Builder withPromptTokens(String model, int tokens) {
        // One message costs 3 tokens, and every 4 characters of text one more.
        return ChatRequest.newBuilder().setModel(model).addMessages(user("x".repeat((tokens - 3) * 4)));
    }

    /** Returns an embeddings request for {@code model}. */
    static CreateEmbeddingsRequest embeddings(String model, String... inputs) {
        return CreateEmbeddingsRequest.newBuilder().setModel(model).addAllInputs(java.util.List.of(inputs)).build();
    }

    /**
     * A chat provider that answers as the test scripts it: each call takes the next answer from its script,
     * or answers {@code "ok from <name>"} when the script is empty.
     */
    static class ScriptedChat implements ChatProvider {
        private final String name;
        private final Deque<Supplier<CompletableFuture<CreateChatCompletionResponse>>> script = new ArrayDeque<>();
        private int calls;

        ScriptedChat(String name) {
            this.name = name;
        }

        /** Adds the next answer. */
        synchronized ScriptedChat then(Supplier<CompletableFuture<CreateChatCompletionResponse>> answer) {
            script.add(answer);
            return this;
        }

        /** Returns how many requests it was sent. */
        synchronized int calls() {
            return calls;
        }

        @Override
        public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
            final Supplier<CompletableFuture<CreateChatCompletionResponse>> next;
            synchronized (this) {
                calls++;
                next = script.poll();
            }
            return next != null ? next.get() : CompletableFuture.completedFuture(
                    CreateChatCompletionResponse.newBuilder().setId("ok from " + name).build());
        }

        @Override
        public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
            throw new UnsupportedOperationException("not scripted");
        }
    }

    /** A chat provider that also makes embeddings. */
    static final class ScriptedEmbeddings extends ScriptedChat implements EmbeddingProvider {
        ScriptedEmbeddings(String name) {
            super(name);
        }

        @Override
        public CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt) {
            return CompletableFuture.completedFuture(CreateEmbeddingsResponse.getDefaultInstance());
        }
    }
}
