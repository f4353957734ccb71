package dev.llmg.internal.providers.gemini;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

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

/**
 * Answers chat requests with Gemini's {@code POST {base}/v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}, and embedding requests with {@code :batchEmbedContents}, over an
 * Armeria {@link WebClient}, without blocking. The key travels only in the {@code x-goog-api-key} header, never
 * in the URL. With a project, the same calls go to Vertex AI with a bearer token (chat only).
 */
public final class GeminiProvider implements ChatProvider, EmbeddingProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A model id or a {@code models/} or {@code tunedModels/} resource name: nothing that could leave the path. */
    private static final Pattern MODEL = Pattern.compile("((models|tunedModels)/)?[A-Za-z0-9][A-Za-z0-9._-]*");

    private final GeminiSettings settings;
    private final UpstreamCalls calls;
    private final Clock clock;

    /** Creates a provider whose connections come from the given factory. */
    public GeminiProvider(GeminiSettings settings, ClientFactory factory) {
        this(settings, factory, new UpstreamTimeouts(settings.connectTimeout(), settings.responseTimeout(),
                                                     settings.responseTimeout(), Duration.ZERO));
    }

    /** Creates a provider with separate first-byte and total timeouts for streams. */
    public GeminiProvider(GeminiSettings settings, ClientFactory factory, UpstreamTimeouts timeouts) {
        this.settings = requireNonNull(settings, "settings");
        clock = Clock.systemUTC();
        final WebClientBuilder builder = WebClient.builder(settings.baseUri())
                                                  .factory(requireNonNull(factory, "factory"))
                                                  .responseTimeout(timeouts.response());
        if (!settings.apiKey().isEmpty() && settings.vertex()) {
            builder.setHeader(HttpHeaderNames.AUTHORIZATION, "Bearer " + settings.apiKey());
        } else if (!settings.apiKey().isEmpty()) {
            builder.setHeader("x-goog-api-key", settings.apiKey());
        }
        calls = new UpstreamCalls(builder.build(), new ProviderErrors(settings.name(), settings.apiKey(), clock),
                                  timeouts);
    }

    /** Returns the settings this provider was created with. */
    public GeminiSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
        final HttpRequest httpRequest;
        try {
            httpRequest = generateRequest(request, false);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return calls.unary(httpRequest, attempt, (json, headers) ->
                GeminiResponseMapper.toResponse(json, request.getModel(), clock.millis() / 1000));
    }

    @Override
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
        final HttpRequest httpRequest;
        try {
            httpRequest = generateRequest(request, true);
        } catch (GatewayException e) {
            return StreamMessage.aborted(e);
        }
        return calls.stream(httpRequest, attempt, headers -> new GeminiStreamDecoder(
                calls.errors(), headers, request.getModel(), clock.millis() / 1000));
    }

    @Override
    public CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt) {
        final String path;
        try {
            if (settings.vertex()) { // Vertex AI embeds with :predict, in another shape.
                throw GatewayException.invalidArgument("model", "llmg's gemini provider embeds only on the Gemini "
                                                                + "API, not on Vertex AI");
            }
            path = modelPath(request.getModel());
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path + ":batchEmbedContents")
                                                     .contentType(MediaType.JSON)
                                                     .add(HttpHeaderNames.ACCEPT, MediaType.JSON.toString())
                                                     .build();
        final String resource = path.substring("/v1beta/".length());
        return calls.unary(HttpRequest.of(headers, HttpData.wrap(write(GeminiEmbeddingsMapper.toJson(request, resource)))),
                           attempt, (json, responseHeaders) -> GeminiEmbeddingsMapper.toResponse(json, request.getModel()));
    }

    /** Returns the path of a model's resource, {@code /v1beta/models/{model}} or Vertex AI's. */
    String modelPath(String model) {
        return modelPath(settings, model);
    }

    /**
     * Returns the path of a model's resource: {@code /v1beta/models/{model}} on the Gemini API,
     * {@code /v1/projects/{project}/locations/{location}/publishers/google/models/{model}} on Vertex AI.
     */
    static String modelPath(GeminiSettings settings, String model) {
        if (!MODEL.matcher(model).matches() || settings.vertex() && model.startsWith("tunedModels/")) {
            throw GatewayException.invalidArgument("model", "a Gemini model is an id such as gemini-2.5-flash");
        }
        if (settings.vertex()) {
            return "/v1/projects/" + settings.project() + "/locations/" + settings.location()
                   + "/publishers/google/models/" + model.substring(model.indexOf('/') + 1);
        }
        return "/v1beta/" + (model.contains("/") ? model : "models/" + model);
    }

    private HttpRequest generateRequest(ChatRequest request, boolean stream) {
        final String path = modelPath(request.getModel())
                            + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        final byte[] body = write(GeminiRequestMapper.toJson(request));
        final RequestHeaders headers =
                RequestHeaders.builder(HttpMethod.POST, path)
                              .contentType(MediaType.JSON)
                              .add(HttpHeaderNames.ACCEPT,
                                   stream ? MediaType.EVENT_STREAM.toString() : MediaType.JSON.toString())
                              .build();
        return HttpRequest.of(headers, HttpData.wrap(body));
    }

    private static byte[] write(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // Trees always serialise.
        }
    }
}
