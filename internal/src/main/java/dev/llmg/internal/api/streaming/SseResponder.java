package dev.llmg.internal.api.streaming;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.stream.StreamMessage;

import io.netty.util.concurrent.EventExecutor;

/**
 * Writes a streamed answer as Server-Sent Events in an API's {@link SseDialect}, each piece as soon as it
 * comes and the next one only when the previous was written: the one SSE responder of every HTTP API.
 *
 * <p>The status line waits for the first event, so that a request that fails before answering anything (an
 * unknown model, a provider that refuses it) gets a real HTTP error status with the API's error body, which
 * SDKs raise as such. After that the status is 200 and a failure is the dialect's error event; a stream that
 * ends well ends with the dialect's end event, so that a reader can tell a complete answer from a connection
 * that dropped. A reader that leaves cancels the stream, which cancels the provider call.
 */
public final class SseResponder<T> implements PacedRelay.Sink<T> {

    private static final ResponseHeaders EVENT_STREAM =
            ResponseHeaders.builder(HttpStatus.OK)
                           .contentType(MediaType.EVENT_STREAM)
                           .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                           // nginx and proxies like it buffer responses unless told not to.
                           .set("x-accel-buffering", "no")
                           .build();

    private final HttpResponseWriter response = HttpResponse.streaming();
    private final SseDialect<T> dialect;
    private boolean started;

    private SseResponder(SseDialect<T> dialect) {
        this.dialect = requireNonNull(dialect, "dialect");
    }

    /** Returns the response that relays {@code pieces} in {@code dialect}; closing it cancels the stream. */
    public static <T> HttpResponse respond(StreamMessage<T> pieces, SseDialect<T> dialect, EventExecutor eventLoop) {
        final SseResponder<T> responder = new SseResponder<>(dialect);
        final PacedRelay<T> relay = new PacedRelay<>(responder, eventLoop);
        pieces.subscribe(relay, eventLoop);
        // The reader may leave while the relay waits for the provider, with no write pending to notice it.
        responder.response.whenComplete().exceptionally(cause -> {
            relay.cancel();
            return null;
        });
        return responder.response;
    }

    @Override
    public CompletableFuture<?> write(T piece) {
        final String event = dialect.event(piece);
        if (event == null) {
            return CompletableFuture.completedFuture(null);
        }
        start();
        if (!response.tryWrite(HttpData.ofUtf8(event))) {
            return CompletableFuture.failedFuture(ClosedStreamException.get());
        }
        return response.whenConsumed();
    }

    @Override
    public void complete() {
        start();
        response.tryWrite(HttpData.ofUtf8(dialect.done()));
        response.close();
    }

    @Override
    public void fail(Throwable cause) {
        if (!started) {
            started = true;
            final AggregatedHttpResponse error = dialect.failureBeforeStart(cause);
            response.tryWrite(error.headers());
            response.tryWrite(error.content());
        } else {
            response.tryWrite(HttpData.ofUtf8(dialect.failureEvent(cause)));
        }
        response.close();
    }

    private void start() {
        if (!started) {
            started = true;
            response.tryWrite(EVENT_STREAM);
        }
    }
}
