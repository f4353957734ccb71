package dev.llmg.internal.providers.anthropic;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.http.UpstreamCalls;
import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ModelLister;

/**
 * Answers chat requests with Anthropic's Messages API ({@code POST {base}/messages}) over an Armeria
 * {@link WebClient}, unary and streaming, without blocking.
 */
public final class AnthropicProvider implements ChatProvider, ModelLister {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnthropicSettings settings;
    private final AnthropicRequestMapper requests;
    private final UpstreamCalls calls;
    private final Clock clock;

    /** Creates a provider whose connections come from the given factory. */
    public AnthropicProvider(AnthropicSettings settings, ClientFactory factory) {
        this(settings, factory, new UpstreamTimeouts(settings.connectTimeout(), settings.responseTimeout(),
                                                     settings.responseTimeout(), java.time.Duration.ZERO));
    }

    /** Creates a provider with separate first-byte and total timeouts for streams. */
    public AnthropicProvider(AnthropicSettings settings, ClientFactory factory, UpstreamTimeouts timeouts) {
        this.settings = requireNonNull(settings, "settings");
        clock = Clock.systemUTC();
        requests = new AnthropicRequestMapper(settings.defaultMaxTokens());
        final WebClientBuilder builder = WebClient.builder(settings.baseUri())
                                                  .factory(requireNonNull(factory, "factory"))
                                                  .responseTimeout(timeouts.response())
                                                  .setHeader("anthropic-version", settings.version());
        if (!settings.apiKey().isEmpty()) {
            builder.setHeader("x-api-key", settings.apiKey());
        }
        if (!settings.betas().isEmpty()) {
            builder.setHeader("anthropic-beta", String.join(",", settings.betas()));
        }
        calls = new UpstreamCalls(builder.build(), new ProviderErrors(settings.name(), settings.apiKey(), clock),
                                  timeouts);
    }

    /** Returns the settings this provider was created with. */
    public AnthropicSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
        final String answerTool = StructuredAnswer.toolName(request);
        final HttpRequest httpRequest;
        try {
            httpRequest = messagesRequest(request, answerTool, false);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return calls.unary(httpRequest, attempt, (json, headers) ->
                AnthropicResponseMapper.toResponse(json, answerTool, clock.millis() / 1000));
    }

    @Override
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
        final String answerTool = StructuredAnswer.toolName(request);
        final HttpRequest httpRequest;
        try {
            httpRequest = messagesRequest(request, answerTool, true);
        } catch (GatewayException e) {
            return StreamMessage.aborted(e);
        }
        return calls.stream(httpRequest, attempt, headers -> new AnthropicStreamDecoder(calls.errors(), headers, answerTool,
                                                                               clock.millis() / 1000));
    }

    /** Lists the models of {@code GET {base}/models} (the first page, up to 1000). */
    @Override
    public CompletableFuture<List<String>> listModels() {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.GET, "/models?limit=1000")
                                                     .add(HttpHeaderNames.ACCEPT, MediaType.JSON.toString())
                                                     .build();
        return calls.unary(HttpRequest.of(headers), Attempt.unlimited(), (json, responseHeaders) -> {
            final List<String> ids = new ArrayList<>();
            json.path("data").forEach(model -> {
                if (model.path("id").isTextual()) {
                    ids.add(model.path("id").asText());
                }
            });
            return ids;
        });
    }

    private HttpRequest messagesRequest(ChatRequest request, String answerTool, boolean stream) {
        final byte[] body;
        try {
            body = JSON.writeValueAsBytes(requests.toJson(request, answerTool, stream));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // Trees always serialise.
        }
        final RequestHeaders headers =
                RequestHeaders.builder(HttpMethod.POST, "/messages")
                              .contentType(MediaType.JSON)
                              .add(HttpHeaderNames.ACCEPT,
                                   stream ? MediaType.EVENT_STREAM.toString() : MediaType.JSON.toString())
                              .build();
        return HttpRequest.of(headers, HttpData.wrap(body));
    }
}
