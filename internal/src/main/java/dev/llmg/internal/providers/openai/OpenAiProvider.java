package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.get;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.WebClientBuilder;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.auth.AuthToken;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.util.TimeoutMode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ModelLister;

/**
 * Answers chat requests with OpenAI's Chat Completions API, or any server that speaks it, over an Armeria
 * {@link WebClient}.
 *
 * <p>Nothing here blocks: unary answers are aggregated and mapped on the client's event loop, and streams are
 * decoded chunk by chunk as bytes arrive, as fast as the subscriber asks for pieces. Every failure reaches the
 * caller as a {@link dev.llmg.spi.ProviderException}.
 */
public final class OpenAiProvider implements ChatProvider, ModelLister {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Streams may run long and big; their length is bounded by the model, not by a byte limit. */
    private static final RequestOptions STREAM_OPTIONS = RequestOptions.builder().maxResponseLength(0).build();

    private final OpenAiSettings settings;
    private final WebClient client;
    private final OpenAiRequestMapper requests;
    private final OpenAiErrorMapper errors;

    /** Creates a provider that uses Armeria's default {@link ClientFactory}. */
    public OpenAiProvider(OpenAiSettings settings) {
        this(settings, ClientFactory.ofDefault());
    }

    /** Creates a provider whose connections come from the given factory, e.g. one shared by all providers. */
    public OpenAiProvider(OpenAiSettings settings, ClientFactory factory) {
        this.settings = requireNonNull(settings, "settings");
        requests = new OpenAiRequestMapper(settings.forwardMetadata());
        errors = new OpenAiErrorMapper(settings.name(), settings.apiKey(), Clock.systemUTC());
        final WebClientBuilder builder = WebClient.builder(settings.baseUri())
                                                  .factory(requireNonNull(factory, "factory"))
                                                  .responseTimeout(settings.responseTimeout());
        if (!settings.apiKey().isEmpty()) {
            builder.auth(AuthToken.ofOAuth2(settings.apiKey()));
        }
        if (!settings.organization().isEmpty()) {
            builder.setHeader("openai-organization", settings.organization());
        }
        if (!settings.project().isEmpty()) {
            builder.setHeader("openai-project", settings.project());
        }
        client = builder.build();
    }

    /** Returns the settings this provider was created with. */
    public OpenAiSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request) {
        final HttpRequest httpRequest;
        try {
            httpRequest = chatRequest(request, false);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(httpRequest, (json, headers) -> withRequestId(OpenAiResponseMapper.toResponse(json), headers));
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.GET, "/models")
                                                     .add(HttpHeaderNames.ACCEPT, MediaType.JSON.toString())
                                                     .build();
        return send(HttpRequest.of(headers), (json, responseHeaders) -> OpenAiResponseMapper.toModelIds(json));
    }

    /**
     * Sends the request at once and publishes the answer piece by piece as its bytes arrive.
     *
     * <p>Subscribe to the returned stream or abort it: the call holds a connection until one of the two
     * happens (or the response timeout passes).
     */
    @Override
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request) {
        final HttpRequest httpRequest;
        try {
            httpRequest = chatRequest(request, true);
        } catch (GatewayException e) {
            return StreamMessage.aborted(e);
        }
        final HttpResponse response;
        final ClientRequestContext ctx;
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            response = client.execute(httpRequest, STREAM_OPTIONS);
            ctx = captor.getOrNull();
        }
        final SplitHttpResponse split = response.split();
        final CompletableFuture<StreamMessage<StreamChatCompletionResponse>> pieces =
                split.headers().thenCompose(headers -> {
                    if (!headers.status().isSuccess()) {
                        return split.body().collectBytes().handle(
                                (bytes, cause) -> StreamMessage.aborted(
                                        cause != null ? errors.fromThrowable(cause)
                                                      : errors.fromHttp(headers, bytes)));
                    }
                    final MediaType contentType = headers.contentType();
                    if (contentType != null && contentType.isJson()) {
                        // An error reported with a 200, or a server that ignored "stream": true.
                        return split.body().collectBytes().handle(
                                (bytes, cause) -> StreamMessage.aborted(
                                        cause != null ? errors.fromThrowable(cause)
                                                      : jsonInsteadOfStream(headers, bytes)));
                    }
                    return CompletableFuture.completedFuture(
                            idleTimeout(split.body(), ctx).decode(new OpenAiStreamDecoder(errors, headers)));
                });
        final StreamMessage<StreamChatCompletionResponse> result =
                StreamMessage.of(pieces).mapError(errors::fromThrowable);
        // However the stream ends early (cancelled, failed), the upstream request must not linger. Cancelling
        // reaches the body through the operators above, but not a response whose headers are still pending.
        result.whenComplete().exceptionally(cause -> {
            response.abort();
            return null;
        });
        return result;
    }

    private StreamMessage<HttpData> idleTimeout(StreamMessage<HttpData> body, ClientRequestContext ctx) {
        final Duration timeout = settings.responseTimeout();
        if (ctx == null || timeout.isZero()) {
            return body;
        }
        // Armeria's response timeout covers the whole response; moving it on with every chunk turns it into
        // an idle timeout, so that a long answer is not cut off while a stalled one still fails.
        return body.peek(unused -> ctx.setResponseTimeout(TimeoutMode.SET_FROM_NOW, timeout));
    }

    /** Keeps OpenAI's request id, which callers quote to OpenAI's support, in the gateway metadata. */
    private static CreateChatCompletionResponse withRequestId(CreateChatCompletionResponse response,
                                                              ResponseHeaders headers) {
        final String requestId = headers.get("x-request-id");
        if (requestId == null) {
            return response;
        }
        return response.toBuilder().setGateway(GatewayMetadata.newBuilder().setProviderRequestId(requestId)).build();
    }

    private <T> CompletableFuture<T> send(HttpRequest httpRequest, BiFunction<JsonNode, ResponseHeaders, T> mapper) {
        // Completed by hand so that callers see the ProviderException itself, not a CompletionException.
        final CompletableFuture<T> result = new CompletableFuture<>();
        client.execute(httpRequest).aggregate().handle((response, cause) -> {
            try {
                if (cause != null) {
                    result.completeExceptionally(errors.fromThrowable(cause));
                } else {
                    result.complete(mapper.apply(parseSuccess(response), response.headers()));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(errors.fromThrowable(e));
            }
            return null;
        });
        return result;
    }

    private JsonNode parseSuccess(AggregatedHttpResponse response) {
        final ResponseHeaders headers = response.headers();
        final byte[] body = response.content().array();
        if (!headers.status().isSuccess()) {
            throw errors.fromHttp(headers, body);
        }
        final JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw errors.invalidResponse(headers, "the body is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw errors.invalidResponse(headers, "the body is not a JSON object", null);
        }
        final JsonNode error = get(root, "error");
        if (!error.isMissingNode()) {
            throw errors.fromErrorObject(error, headers);
        }
        return root;
    }

    private GatewayException jsonInsteadOfStream(ResponseHeaders headers, byte[] bytes) {
        try {
            final JsonNode error = get(JSON.readTree(bytes), "error");
            if (!error.isMissingNode()) {
                return errors.fromErrorObject(error, headers);
            }
        } catch (IOException e) {
            // Reported below like any other answer that is not an event stream.
        }
        return errors.invalidResponse(headers, "a streaming request was answered with " + headers.contentType()
                                               + " instead of text/event-stream", null);
    }

    private HttpRequest chatRequest(ChatRequest request, boolean stream) {
        final byte[] body;
        try {
            body = JSON.writeValueAsBytes(requests.toJson(request, stream));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // Trees always serialise.
        }
        final RequestHeaders headers =
                RequestHeaders.builder(HttpMethod.POST, "/chat/completions")
                              .contentType(MediaType.JSON)
                              .add(HttpHeaderNames.ACCEPT,
                                   stream ? MediaType.EVENT_STREAM.toString() : MediaType.JSON.toString())
                              .build();
        return HttpRequest.of(headers, HttpData.wrap(body));
    }
}
