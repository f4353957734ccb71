package dev.llmg.internal.providers.http;

import static dev.llmg.internal.providers.json.LenientJson.get;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.common.logging.ClientConnectionTimings;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SplitHttpResponse;
import com.linecorp.armeria.common.stream.HttpDecoder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.util.TimeoutMode;

import dev.llmg.spi.Attempt;
import dev.llmg.spi.AttemptTimings;
import dev.llmg.spi.GatewayException;

/**
 * Sends JSON requests to a provider and hands back either the parsed JSON answer or a decoded event stream,
 * with every failure mapped by {@link ProviderErrors}; the HTTP plumbing that every provider client shares.
 *
 * <p>Nothing here blocks: unary answers are aggregated and mapped on the client's event loop, and streams are
 * decoded as bytes arrive, as fast as the subscriber asks for pieces.
 */
public final class UpstreamCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;
    private final ProviderErrors errors;
    private final UpstreamTimeouts timeouts;
    private final RequestOptions streamOptions;

    /** Creates calls over the client, whose own response timeout bounds unary calls. */
    public UpstreamCalls(WebClient client, ProviderErrors errors, UpstreamTimeouts timeouts) {
        this.client = requireNonNull(client, "client");
        this.errors = requireNonNull(errors, "errors");
        this.timeouts = requireNonNull(timeouts, "timeouts");
        // Streams may run long and big: their length is bounded by the model and total_timeout, not by bytes.
        streamOptions = RequestOptions.builder().maxResponseLength(0).responseTimeout(timeouts.firstByte()).build();
    }

    /** Reports where the provider is, once per attempt, before the request leaves. */
    private void reportServer(Attempt attempt) {
        final URI uri = client.uri();
        final int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        attempt.reportServer(uri.getHost() == null ? "" : uri.getHost(), port);
    }

    /** Returns the mapper of this provider's errors. */
    public ProviderErrors errors() {
        return errors;
    }

    /**
     * Sends the request as {@code attempt} and maps the JSON object of a successful answer; an {@code error}
     * object fails it. Cancelling the returned future aborts the upstream request.
     */
    public <T> CompletableFuture<T> unary(HttpRequest request, Attempt attempt,
                                          BiFunction<JsonNode, ResponseHeaders, T> mapper) {
        // Completed by hand so that callers see the ProviderException itself, not a CompletionException.
        final CompletableFuture<T> result = new CompletableFuture<>();
        final HttpResponse response;
        final ClientRequestContext ctx;
        reportServer(attempt);
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            response = client.execute(request, unaryOptions(attempt));
            ctx = captor.getOrNull();
        }
        reportTimings(ctx, attempt);
        response.aggregate().handle((answer, cause) -> {
            try {
                if (cause != null) {
                    result.completeExceptionally(errors.fromThrowable(cause));
                } else {
                    reportResponse(answer.headers(), attempt);
                    result.complete(mapper.apply(parseSuccess(answer), answer.headers()));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(errors.fromThrowable(e));
            }
            return null;
        });
        result.whenComplete((unused, cause) -> {
            if (cause instanceof CancellationException && ctx != null) {
                ctx.cancel(); // the attempt was given up (caller gone, deadline): stop the upstream call
            }
        });
        return result;
    }

    /**
     * Sends the request at once as {@code attempt} and decodes its event stream with the decoder made for the
     * response headers.
     *
     * <p>Subscribe to the returned stream or abort it: the call holds a connection until one of the two
     * happens (or the timeout passes). However the stream ends early, the upstream request is aborted.
     */
    public <T> StreamMessage<T> stream(HttpRequest request, Attempt attempt,
                                       Function<ResponseHeaders, HttpDecoder<T>> decoders) {
        final HttpResponse response;
        final ClientRequestContext ctx;
        reportServer(attempt);
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            response = client.execute(request, streamOptions(attempt));
            ctx = captor.getOrNull();
        }
        reportTimings(ctx, attempt);
        final SplitHttpResponse split = response.split();
        final CompletableFuture<StreamMessage<T>> pieces = split.headers().thenCompose(headers -> {
            reportResponse(headers, attempt);
            if (!headers.status().isSuccess()) {
                return split.body().collectBytes().handle(
                        (bytes, cause) -> StreamMessage.aborted(cause != null ? errors.fromThrowable(cause)
                                                                              : errors.fromHttp(headers, bytes)));
            }
            final MediaType contentType = headers.contentType();
            if (contentType != null && contentType.isJson()) {
                // An error reported with a 200, or a server that ignored "stream": true.
                return split.body().collectBytes().handle(
                        (bytes, cause) -> StreamMessage.aborted(cause != null ? errors.fromThrowable(cause)
                                                                              : jsonInsteadOfStream(headers, bytes)));
            }
            return CompletableFuture.completedFuture(idleTimeout(split.body(), ctx).decode(decoders.apply(headers)));
        });
        final StreamMessage<T> result = StreamMessage.of(pieces).mapError(errors::fromThrowable);
        // Cancelling reaches the body through the operators above, but not a response whose headers are pending.
        result.whenComplete().exceptionally(cause -> {
            response.abort();
            return null;
        });
        return result;
    }

    /** Bounds a unary call by the attempt's timeout when that is shorter than the provider's own. */
    private RequestOptions unaryOptions(Attempt attempt) {
        final Duration limit = shorter(timeouts.response(), attempt.timeout());
        return limit.equals(timeouts.response()) ? RequestOptions.of()
                                                 : RequestOptions.builder().responseTimeout(limit).build();
    }

    /** Bounds a stream's wait for its first bytes by the attempt's timeout when that is shorter. */
    private RequestOptions streamOptions(Attempt attempt) {
        final Duration limit = shorter(timeouts.firstByte(), attempt.timeout());
        return limit.equals(timeouts.firstByte()) ? streamOptions
                                                  : RequestOptions.builder().maxResponseLength(0)
                                                                  .responseTimeout(limit).build();
    }

    /** Returns the shorter of two limits, where zero means no limit. */
    private static Duration shorter(Duration a, Duration b) {
        if (a.isZero()) {
            return b;
        }
        return b.isZero() || a.compareTo(b) <= 0 ? a : b;
    }

    private void reportResponse(ResponseHeaders headers, Attempt attempt) {
        attempt.reportResponse(headers.status().code(), ProviderRequestIds.of(headers, errors.scrubber()));
    }

    /** Reports the exchange's timings from Armeria's request log once it is complete. */
    private static void reportTimings(ClientRequestContext ctx, Attempt attempt) {
        if (ctx == null) {
            return;
        }
        ctx.log().whenComplete().thenAccept(log -> {
            final ClientConnectionTimings connection = log.connectionTimings();
            final long sent = log.requestStartTimeNanos();
            final Long firstByte = log.responseFirstBytesTransferredTimeNanos();
            attempt.reportTimings(new AttemptTimings(
                    Duration.ofNanos(connection == null ? 0 : Math.max(0, connection.connectionAcquisitionDurationNanos())),
                    Duration.ofNanos(firstByte == null ? 0 : Math.max(0, firstByte - sent)),
                    Duration.ofNanos(Math.max(0, log.responseEndTimeNanos() - sent))));
        });
    }

    private StreamMessage<HttpData> idleTimeout(StreamMessage<HttpData> body, ClientRequestContext ctx) {
        final Duration idle = timeouts.response();
        final Duration total = timeouts.total();
        if (ctx == null || idle.isZero() && total.isZero()) {
            return body;
        }
        final long started = System.nanoTime();
        // Armeria's response timeout covers the whole response; moving it on with every chunk turns it into
        // an idle timeout, so that a long answer is not cut off while a stalled one still fails. The total
        // timeout caps how far it may move.
        return body.peek(unused -> {
            Duration next = idle;
            if (!total.isZero()) {
                final Duration left = total.minusNanos(System.nanoTime() - started);
                next = idle.isZero() || left.compareTo(idle) < 0 ? left : idle;
                if (next.isNegative() || next.isZero()) {
                    next = Duration.ofNanos(1); // Already past the total: time out at once.
                }
            }
            ctx.setResponseTimeout(TimeoutMode.SET_FROM_NOW, next);
        });
    }

    private JsonNode parseSuccess(AggregatedHttpResponse response) {
        final ResponseHeaders headers = response.headers();
        final byte[] body = response.content().array();
        if (!headers.status().isSuccess()) {
            throw errors.fromHttp(headers, body);
        }
        final JsonNode root;
        try {
            // A misbehaving server may echo the key in an answer's id, model or text: it never travels on.
            root = errors.scrubber().holdsKey(body)
                   ? JSON.readTree(errors.scrubber().scrubKeys(new String(body, StandardCharsets.UTF_8)))
                   : JSON.readTree(body);
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
}
