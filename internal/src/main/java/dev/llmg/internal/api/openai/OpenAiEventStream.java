package dev.llmg.internal.api.openai;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * Relays a canonical answer stream as OpenAI's Server-Sent Events, {@code data: {chunk}} per piece and
 * {@code data: [DONE]} at the end, one piece at a time and only as fast as the connection takes them.
 *
 * <p>The status line waits for the first piece, so that a failure before the answer starts (unknown model,
 * rate limit) is a proper HTTP error that SDKs raise as such; a failure after it is an {@code error} event, as
 * OpenAI sends one. When the caller goes away, the response ends abnormally and the upstream subscription is
 * cancelled, which stops the provider's call. Every callback runs on the request's event loop.
 */
final class OpenAiEventStream implements Subscriber<StreamChatCompletionResponse> {

    private static final HttpData DONE = HttpData.ofUtf8("data: [DONE]\n\n");

    private final HttpResponseWriter response;
    private final OpenAiChunkWriter chunks;
    private Subscription subscription;
    private boolean started;

    private OpenAiEventStream(HttpResponseWriter response, OpenAiChunkWriter chunks) {
        this.response = response;
        this.chunks = chunks;
    }

    /** Starts relaying {@code pieces} and returns the response the events are written to. */
    static HttpResponse relay(StreamMessage<StreamChatCompletionResponse> pieces, OpenAiChunkWriter chunks,
                              ServiceRequestContext ctx) {
        final HttpResponseWriter response = HttpResponse.streaming();
        pieces.subscribe(new OpenAiEventStream(response, chunks), ctx.eventLoop());
        return response;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        // A response that ends abnormally means the caller went away (or the server is stopping): stop upstream.
        response.whenComplete().exceptionally(cause -> {
            subscription.cancel();
            return null;
        });
        subscription.request(1);
    }

    @Override
    public void onNext(StreamChatCompletionResponse piece) {
        final ObjectNode chunk = chunks.write(piece);
        if (chunk == null) {
            subscription.request(1);
            return;
        }
        start();
        if (!response.tryWrite(HttpData.ofUtf8("data: " + chunk + "\n\n"))) {
            subscription.cancel(); // the caller is gone
            return;
        }
        // Ask for the next piece only once this one has left for the socket: back-pressure end to end.
        response.whenConsumed().thenRun(() -> subscription.request(1));
    }

    @Override
    public void onError(Throwable cause) {
        if (!response.isOpen()) {
            return; // the caller is gone; nobody to tell
        }
        if (!started) {
            // Nothing was sent yet: answer with the error's own status, as a unary call would.
            final AggregatedHttpResponse error = OpenAiErrorWriter.aggregated(cause);
            response.tryWrite(error.headers());
            response.tryWrite(error.content());
            response.close();
            return;
        }
        response.tryWrite(HttpData.ofUtf8("data: " + OpenAiErrorWriter.streamEvent(cause) + "\n\n"));
        response.close();
    }

    @Override
    public void onComplete() {
        start();
        response.tryWrite(DONE);
        response.close();
    }

    private void start() {
        if (!started) {
            started = true;
            response.tryWrite(ResponseHeaders.builder(HttpStatus.OK)
                                             .contentType(MediaType.EVENT_STREAM)
                                             .add(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                                             .build());
        }
    }
}
