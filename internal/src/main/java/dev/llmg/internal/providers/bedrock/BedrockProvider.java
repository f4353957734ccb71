package dev.llmg.internal.providers.bedrock;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.CommonPools;
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
import dev.llmg.internal.providers.anthropic.AnthropicOnBedrock;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.http.ProviderRequestIds;
import dev.llmg.internal.providers.http.UpstreamCalls;
import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.internal.secrets.CredentialScrubber;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Answers chat requests with Bedrock Runtime's {@code POST /model/{modelId}/converse} and
 * {@code /converse-stream} (or, for Claude when configured, {@code /invoke} and
 * {@code /invoke-with-response-stream} with Anthropic's bodies, {@link AnthropicOnBedrock}), and embedding
 * requests with Titan on {@code /invoke} ({@link TitanEmbeddings}),
 * over an Armeria {@link WebClient}, each request signed with SigV4 (or carrying a
 * Bedrock API key), without blocking an event loop: credentials from the AWS chain are resolved on Armeria's
 * blocking pool, and the event stream is decoded as its bytes arrive, as fast as the subscriber asks.
 *
 * <p>The model id (or inference profile, or ARN) is percent-encoded as one path segment, an ARN's {@code /}
 * as {@code %2F}, but its {@code :} travels as it is, a legal path character (Armeria would decode {@code %3A}
 * anyway): SigV4 signs the path as sent, encoded once more, so what matters is that the signer sees exactly
 * the path that travels. AWS accepts both spellings; ruby_llm's recorded requests send {@code :} too.
 */
public final class BedrockProvider implements ChatProvider, EmbeddingProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType EVENT_STREAM = MediaType.parse("application/vnd.amazon.eventstream");

    private final BedrockSettings settings;
    private final UpstreamCalls calls;
    private final BedrockSigner signer;
    private final Executor blocking;
    private final Clock clock;

    /** Creates a provider whose connections come from the given factory. */
    public BedrockProvider(BedrockSettings settings, ClientFactory factory) {
        this(settings, factory, new UpstreamTimeouts(settings.connectTimeout(), settings.responseTimeout(),
                                                     settings.responseTimeout(), Duration.ZERO),
             Clock.systemUTC());
    }

    /** Creates a provider with separate first-byte and total timeouts for streams, signing at {@code clock}. */
    public BedrockProvider(BedrockSettings settings, ClientFactory factory, UpstreamTimeouts timeouts, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        final WebClient client = WebClient.builder(settings.baseUri())
                                          .factory(requireNonNull(factory, "factory"))
                                          .responseTimeout(timeouts.response())
                                          .build();
        calls = new UpstreamCalls(client, new ProviderErrors(settings.name(),
                CredentialScrubber.forKeys(settings.credentials().knownSecrets()), clock), timeouts);
        signer = new BedrockSigner(settings.baseUri(), settings.region(), clock);
        blocking = CommonPools.blockingTaskExecutor();
    }

    /** Returns the settings this provider was created with. */
    public BedrockSettings settings() {
        return settings;
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
        final boolean invoke = invokes(request);
        final CompletableFuture<HttpRequest> httpRequest;
        try {
            httpRequest = invoke ? signedPost(modelPath(request.getModel(), "/invoke"),
                                              write(AnthropicOnBedrock.request(request, false)), MediaType.JSON)
                                 : converseRequest(request, false);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return whenSigned(httpRequest, signed -> calls.unary(signed, attempt, (json, headers) -> invoke
                ? AnthropicOnBedrock.response(json, request, clock.millis() / 1000)
                : BedrockResponseMapper.toResponse(json, ProviderRequestIds.of(headers, calls.errors().scrubber()),
                                                   request.getModel(), clock.millis() / 1000)));
    }

    /**
     * Sends the request once it is signed and completes with the call's outcome; cancelling the result
     * cancels the call, which aborts the upstream request (a derived future would not pass the cancel on).
     */
    private <T> CompletableFuture<T> whenSigned(CompletableFuture<HttpRequest> signing,
                                                Function<HttpRequest, CompletableFuture<T>> send) {
        if (signing.isDone() && !signing.isCompletedExceptionally()) {
            return send.apply(signing.join()); // keys from the config: signed at once, nothing to relay
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        final AtomicReference<CompletableFuture<T>> call = new AtomicReference<>();
        signing.whenComplete((signed, cause) -> {
            if (cause != null) {
                result.completeExceptionally(calls.errors().fromThrowable(cause));
                return;
            }
            if (result.isDone()) {
                return; // cancelled while the credentials were found: send nothing
            }
            final CompletableFuture<T> sent = send.apply(signed);
            call.set(sent);
            if (result.isCancelled()) {
                sent.cancel(true);
            }
            sent.whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        });
        result.whenComplete((unused, cause) -> {
            final CompletableFuture<T> sent = call.get();
            if (result.isCancelled() && sent != null) {
                sent.cancel(true);
            }
        });
        return result;
    }

    @Override
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
        final boolean invoke = invokes(request);
        final CompletableFuture<HttpRequest> httpRequest;
        try {
            httpRequest = invoke ? signedPost(modelPath(request.getModel(), "/invoke-with-response-stream"),
                                              write(AnthropicOnBedrock.request(request, true)), EVENT_STREAM)
                                 : converseRequest(request, true);
        } catch (GatewayException e) {
            return StreamMessage.aborted(e);
        }
        final Function<HttpRequest, StreamMessage<StreamChatCompletionResponse>> send = signed ->
                calls.stream(signed, attempt, headers -> invoke
                        ? new InvokeStreamDecoder(calls.errors(), headers, AnthropicOnBedrock.events(
                                calls.errors(), headers, request, clock.millis() / 1000))
                        : new BedrockStreamDecoder(calls.errors(), headers, ProviderRequestIds.of(headers,
                                calls.errors().scrubber()), request.getModel(), clock.millis() / 1000));
        if (httpRequest.isDone() && !httpRequest.isCompletedExceptionally()) {
            return send.apply(httpRequest.join());
        }
        return StreamMessage.<StreamChatCompletionResponse>of(httpRequest.thenApply(send))
                            .mapError(calls.errors()::fromThrowable);
    }

    /**
     * Embeds with a Titan text model on InvokeModel, one call per input (Titan takes one text), one after the
     * other so that a long list does not open hundreds of calls at once. Cancelling stops the call in flight.
     */
    @Override
    public CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt) {
        try {
            TitanEmbeddings.check(request.getModel());
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        final List<JsonNode> answers = new ArrayList<>();
        final CompletableFuture<CreateEmbeddingsResponse> result = new CompletableFuture<>();
        final AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String input : request.getInputsList()) {
            chain = chain.thenCompose(unused -> signedPost(modelPath(request.getModel(), "/invoke"),
                                                           write(TitanEmbeddings.toJson(input, request)),
                                                           MediaType.JSON))
                         .thenCompose(signed -> {
                             if (result.isDone()) { // cancelled: send nothing more
                                 throw new CancellationException();
                             }
                             final CompletableFuture<JsonNode> call = calls.unary(signed, attempt, (json, h) -> json);
                             inFlight.set(call);
                             return call.thenAccept(answers::add);
                         });
        }
        chain.whenComplete((unused, cause) -> {
            if (cause != null) {
                result.completeExceptionally(calls.errors().fromThrowable(cause));
            } else {
                result.complete(TitanEmbeddings.toResponse(answers, request.getModel()));
            }
        });
        result.whenComplete((unused, cause) -> {
            final CompletableFuture<?> call = inFlight.get();
            if (result.isCancelled() && call != null) {
                call.cancel(true); // aborts the upstream request
            }
        });
        return result;
    }

    /** Returns whether the request goes to InvokeModel with an Anthropic body rather than to Converse. */
    private boolean invokes(ChatRequest request) {
        return settings.invokeAnthropic() && request.getModel().contains("anthropic.");
    }

    /** Returns the path of a model's Converse call: the id as one encoded segment. */
    static String path(String model, boolean stream) {
        return modelPath(model, stream ? "/converse-stream" : "/converse");
    }

    /** Returns {@code /model/{model}{action}} with the model id as one encoded segment. */
    static String modelPath(String model, String action) {
        if (model.isBlank()) {
            throw GatewayException.invalidArgument("model", "a Bedrock model is an id such as "
                                                            + "us.amazon.nova-2-lite-v1:0, a profile or an ARN");
        }
        // ':' is a legal path character and Armeria sends it as is, even when given as %3A; the signature must be
        // computed over the path that travels, so the path is written the way it travels.
        return "/model/" + SdkHttpUtils.urlEncode(model).replace("%3A", ":") + action;
    }

    /** Builds the request and signs it once the credentials are known (at once for keys in the config). */
    private CompletableFuture<HttpRequest> converseRequest(ChatRequest request, boolean stream) {
        return signedPost(path(request.getModel(), stream), write(BedrockRequestMapper.toJson(request)),
                          stream ? EVENT_STREAM : MediaType.JSON);
    }

    /** Builds a JSON POST and signs it (or adds the API key) once the credentials are known. */
    private CompletableFuture<HttpRequest> signedPost(String path, byte[] body, MediaType accept) {
        final RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
                                                     .contentType(MediaType.JSON)
                                                     .add(HttpHeaderNames.ACCEPT, accept.toString())
                                                     .build();
        final BedrockCredentials credentials = settings.credentials();
        if (credentials.bearer()) {
            return CompletableFuture.completedFuture(
                    HttpRequest.of(BedrockSigner.bearer(headers, credentials.apiKeyValue()), HttpData.wrap(body)));
        }
        return credentials.resolve(blocking).handle((identity, cause) -> {
            if (cause != null) {
                throw ProviderException.builder(settings.name(), ErrorKind.UNAUTHENTICATED)
                                       .reason("no_credentials")
                                       .message(calls.errors().scrubber().scrub(
                                               "no AWS credentials for " + settings.name() + " from "
                                               + credentials + ": " + rootMessage(cause), 1024))
                                       .retryable(false)
                                       .build();
            }
            return HttpRequest.of(signer.sign(headers, body, identity), HttpData.wrap(body));
        });
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static byte[] write(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // Trees always serialise.
        }
    }
}
