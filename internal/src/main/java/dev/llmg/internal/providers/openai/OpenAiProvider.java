package dev.llmg.internal.providers.openai;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.WebClientBuilder;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.auth.AuthToken;
import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.http.UpstreamCalls;
import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ModelLister;

/**
 * Answers chat and embedding requests with OpenAI's API, or any server that speaks it (Azure OpenAI,
 * vLLM, Ollama, ...), over an Armeria {@link WebClient}; {@link OpenAiEndpoints} says where each call goes.
 *
 * <p>Nothing here blocks (see {@link UpstreamCalls}). Every failure reaches the caller as a
 * {@link dev.llmg.spi.ProviderException}.
 */
public final class OpenAiProvider implements ChatProvider, EmbeddingProvider, ModelLister {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiSettings settings;
    private final OpenAiEndpoints endpoints;
    private final UpstreamCalls calls;
    private final OpenAiRequestMapper requests;

    /** Creates a provider that uses Armeria's default {@link ClientFactory}. */
    public OpenAiProvider(OpenAiSettings settings) {
        this(settings, ClientFactory.ofDefault());
    }

    /** Creates a provider whose connections come from the given factory, e.g. one shared by all providers. */
    public OpenAiProvider(OpenAiSettings settings, ClientFactory factory) {
        this(settings, factory, OpenAiEndpoints.STANDARD);
    }

    /** Creates a provider that sends each call where {@code endpoints} says. */
    public OpenAiProvider(OpenAiSettings settings, ClientFactory factory, OpenAiEndpoints endpoints) {
        this(settings, factory, endpoints, UpstreamTimeouts.of(settings.responseTimeout()));
    }

    /** Creates a provider with separate first-byte and total timeouts for streams. */
    public OpenAiProvider(OpenAiSettings settings, ClientFactory factory, OpenAiEndpoints endpoints,
                          UpstreamTimeouts timeouts) {
        this.settings = requireNonNull(settings, "settings");
        this.endpoints = requireNonNull(endpoints, "endpoints");
        requests = new OpenAiRequestMapper(settings.forwardMetadata());
        final WebClientBuilder builder = WebClient.builder(settings.baseUri())
                                                  .factory(requireNonNull(factory, "factory"))
                                                  .responseTimeout(timeouts.response());
        if (!settings.apiKey().isEmpty()) {
            if ("authorization".equals(settings.authHeader())) {
                builder.auth(AuthToken.ofOAuth2(settings.apiKey()));
            } else {
                builder.setHeader(settings.authHeader(), settings.apiKey());
            }
        }
        if (!settings.organization().isEmpty()) {
            builder.setHeader("openai-organization", settings.organization());
        }
        if (!settings.project().isEmpty()) {
            builder.setHeader("openai-project", settings.project());
        }
        calls = new UpstreamCalls(builder.build(),
                                  new ProviderErrors(settings.name(), settings.apiKey(), Clock.systemUTC()),
                                  timeouts);
    }

    /** Returns the settings this provider was created with. */
    public OpenAiSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
        final HttpRequest httpRequest;
        try {
            httpRequest = chatRequest(request, false);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return calls.unary(httpRequest, attempt, (json, headers) -> {
            CreateChatCompletionResponse response = OpenAiResponseMapper.toResponse(json);
            if (settings.estimateUsage() && !response.hasUsage()) {
                response = response.toBuilder().setUsage(UsageEstimate.of(request, response)).build();
            }
            return response;
        });
    }

    @Override
    public CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt) {
        final ObjectNodeWriter body = new ObjectNodeWriter(OpenAiEmbeddingsMapper.toJson(
                request.toBuilder().setModel(endpoints.upstreamModel(request.getModel())).build()));
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST,
                                                              endpoints.embeddingsPath(request.getModel()))
                                                     .contentType(MediaType.JSON)
                                                     .add(HttpHeaderNames.ACCEPT, MediaType.JSON.toString())
                                                     .build();
        return calls.unary(HttpRequest.of(headers, body.data()), attempt,
                           (json, responseHeaders) -> OpenAiEmbeddingsMapper.toResponse(json));
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.GET, endpoints.modelsPath())
                                                     .add(HttpHeaderNames.ACCEPT, MediaType.JSON.toString())
                                                     .build();
        return calls.unary(HttpRequest.of(headers), Attempt.unlimited(),
                           (json, responseHeaders) -> OpenAiResponseMapper.toModelIds(json));
    }

    /**
     * Sends the request at once and publishes the answer piece by piece as its bytes arrive.
     *
     * <p>Subscribe to the returned stream or abort it: the call holds a connection until one of the two
     * happens (or the response timeout passes).
     */
    @Override
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
        final HttpRequest httpRequest;
        try {
            httpRequest = chatRequest(request, true);
        } catch (GatewayException e) {
            return StreamMessage.aborted(e);
        }
        final StreamMessage<StreamChatCompletionResponse> pieces = calls.stream(
                httpRequest, attempt, headers -> new OpenAiStreamDecoder(calls.errors(), headers));
        return settings.estimateUsage() ? UsageEstimate.fillIn(request, pieces) : pieces;
    }

    private HttpRequest chatRequest(ChatRequest request, boolean stream) {
        final ChatRequest upstream = request.toBuilder().setModel(endpoints.upstreamModel(request.getModel())).build();
        final RequestHeaders headers =
                RequestHeaders.builder(HttpMethod.POST, endpoints.chatPath(request.getModel()))
                              .contentType(MediaType.JSON)
                              .add(HttpHeaderNames.ACCEPT,
                                   stream ? MediaType.EVENT_STREAM.toString() : MediaType.JSON.toString())
                              .build();
        return HttpRequest.of(headers, new ObjectNodeWriter(requests.toJson(upstream, stream)).data());
    }

    /** Serialises a JSON tree, which cannot fail. */
    private record ObjectNodeWriter(JsonNode node) {
        HttpData data() {
            try {
                return HttpData.wrap(JSON.writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a JSON tree", e); // Trees always serialise.
            }
        }
    }
}
