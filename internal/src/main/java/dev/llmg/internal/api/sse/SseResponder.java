package dev.llmg.internal.api.sse;

import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.api.streaming.ChatJson;
import dev.llmg.internal.api.ErrorJson;
import dev.llmg.internal.api.streaming.PacedRelay;
import io.netty.util.concurrent.EventExecutor;

/**
 * Writes a streamed answer as Server-Sent Events, each piece as soon as it comes and the next one only when
 * the previous was written.
 *
 * <p>The status line waits for the first piece, so that a request that fails before answering anything (an
 * unknown model, a provider that refuses it) gets a real HTTP error status with the JSON error body. After
 * that the status is 200 and a failure is an {@code event: error} whose data is the same JSON error; a
 * stream that ends well ends with {@code event: done} (data {@code {}}), so that a reader can tell a
 * complete answer from a connection that dropped.
 */
final class SseResponder implements PacedRelay.Sink<StreamChatCompletionResponse> {

    private static final ResponseHeaders EVENT_STREAM =
            ResponseHeaders.builder(HttpStatus.OK)
                           .contentType(MediaType.EVENT_STREAM)
                           .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                           // nginx and proxies like it buffer responses unless told not to.
                           .set("x-accel-buffering", "no")
                           .build();
    private static final String DONE = "event: done\ndata: {}\n\n";

    private final HttpResponseWriter response = HttpResponse.streaming();
    private boolean started;

    private SseResponder() {}

    /** Returns the response that relays {@code pieces}; closing it cancels the stream and the provider call. */
    static HttpResponse respond(StreamMessage<StreamChatCompletionResponse> pieces, EventExecutor eventLoop) {
        final SseResponder responder = new SseResponder();
        final PacedRelay<StreamChatCompletionResponse> relay = new PacedRelay<>(responder, eventLoop);
        pieces.subscribe(relay, eventLoop);
        // The reader may leave while the relay waits for the provider, with no write pending to notice it.
        responder.response.whenComplete().exceptionally(cause -> {
            relay.cancel();
            return null;
        });
        return responder.response;
    }

    @Override
    public CompletableFuture<?> write(StreamChatCompletionResponse piece) {
        start();
        if (!response.tryWrite(HttpData.ofUtf8("data: " + ChatJson.print(piece) + "\n\n"))) {
            return CompletableFuture.failedFuture(ClosedStreamException.get());
        }
        return response.whenConsumed();
    }

    @Override
    public void complete() {
        start();
        response.tryWrite(HttpData.ofUtf8(DONE));
        response.close();
    }

    @Override
    public void fail(Throwable cause) {
        final com.google.rpc.Status status = ErrorStatus.orInternal(cause);
        if (!started) {
            started = true;
            response.tryWrite(ResponseHeaders.of(ErrorStatus.httpStatus(status.getCode()),
                                                 HttpHeaderNames.CONTENT_TYPE, MediaType.JSON_UTF_8));
            response.tryWrite(HttpData.ofUtf8(ErrorJson.print(status)));
        } else {
            response.tryWrite(HttpData.ofUtf8("event: error\ndata: " + ErrorJson.print(status) + "\n\n"));
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
