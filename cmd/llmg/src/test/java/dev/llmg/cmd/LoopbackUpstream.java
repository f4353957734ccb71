package dev.llmg.cmd;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * An OpenAI-compatible server on loopback that answers as the test steers it, chosen by the user's text. A
 * request without {@code "stream": true} gets one fixed answer ("Hello from upstream", request id
 * {@code req_answered}). Streams: {@code hold} sends one event and holds the second until {@link #allowSecondEvent()}; {@code endless}
 * sends events for ever, each only once the previous was consumed (as a provider that honours
 * back-pressure); {@code rate-limit-me} answers 429; {@code break-after-first} resets the stream after one
 * event. It records how its last stream ended, so tests can see a cancellation reach it.
 */
class LoopbackUpstream extends ServerExtension {

    private static final String ANSWER =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1755690953,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"Hello from upstream\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}";

    /** About 1 KiB per endless event, so that buffers fill with fewer events. */
    private static final String FILLER = "x".repeat(1000);

    private volatile CountDownLatch secondEventAllowed = new CountDownLatch(1);
    private volatile CompletableFuture<Throwable> ended = new CompletableFuture<>();
    private volatile CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicLong produced = new AtomicLong();

    /** Forgets the previous stream; call before each test. */
    void reset() {
        secondEventAllowed = new CountDownLatch(1);
        ended = new CompletableFuture<>();
        started = new CompletableFuture<>();
        produced.set(0);
    }

    /** Lets a held stream send its second event and end. */
    void allowSecondEvent() {
        secondEventAllowed.countDown();
    }

    /** Completes when the last stream ended: with null if it ended well, with the cause if it was cut. */
    CompletableFuture<Throwable> ended() {
        return ended;
    }

    /** Completes when the last stream has sent its headers. */
    CompletableFuture<Void> started() {
        return started;
    }

    /** Returns how many events the endless stream has sent. */
    long produced() {
        return produced.get();
    }

    /** Returns the base URL of its OpenAI API, for a provider's base_url. */
    String baseUrl() {
        return httpUri() + "/v1";
    }

    @Override
    protected void configure(ServerBuilder sb) {
        sb.requestTimeoutMillis(0);
        sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            final String body = request.contentUtf8();
            if (body.contains("rate-limit-me")) {
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS)
                                                      .contentType(MediaType.JSON).add("retry-after", "7")
                                                      .add("x-request-id", "req_limited").build(),
                                       HttpData.ofUtf8("{\"error\":{\"message\":\"Rate limit reached for requests\","
                                                       + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));
            }
            if (!body.contains("\"stream\":true")) {
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON)
                                                      .add("x-request-id", "req_answered").build(),
                                       HttpData.ofUtf8(ANSWER));
            }
            final HttpResponseWriter stream = startStream(ctx);
            if (body.contains("endless")) {
                produceWhileConsumed(ctx, stream);
            } else if (body.contains("break-after-first")) {
                stream.write(event("{\"role\":\"assistant\",\"content\":\"first \"}"));
                stream.whenConsumed().thenRun(() -> stream.abort());
            } else {
                stream.write(event("{\"role\":\"assistant\",\"content\":\"first \"}"));
                final CountDownLatch latch = secondEventAllowed;
                ctx.blockingTaskExecutor().execute(() -> { // waits off the event loop for the test's go-ahead
                    try {
                        if (latch.await(30, TimeUnit.SECONDS) && stream.isOpen()) {
                            stream.write(event("{\"content\":\"second\"}"));
                            stream.write(HttpData.ofUtf8("data: [DONE]\n\n"));
                            stream.close();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            return stream;
        })));
    }

    private HttpResponseWriter startStream(ServiceRequestContext ctx) {
        final HttpResponseWriter stream = HttpResponse.streaming();
        stream.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build());
        final CompletableFuture<Throwable> ended = this.ended;
        stream.whenComplete().handle((ignored, cause) -> ended.complete(cause));
        ctx.whenRequestCancelled().thenAccept(ended::complete);
        started.complete(null);
        return stream;
    }

    /** Writes an event each time the previous one was consumed, that is, as far as demand allows. */
    private void produceWhileConsumed(ServiceRequestContext ctx, HttpResponseWriter stream) {
        if (!stream.tryWrite(event("{\"content\":\"" + FILLER + "\"}"))) {
            return;
        }
        produced.incrementAndGet();
        stream.whenConsumed().thenRunAsync(() -> produceWhileConsumed(ctx, stream), ctx.eventLoop());
    }

    private static HttpData event(String delta) {
        return HttpData.ofUtf8("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                               + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta
                               + ",\"finish_reason\":null}]}\n\n");
    }

    /** Returns the gateway configuration with one model, gpt-4o-mini, served by this upstream. */
    String gatewayConfig() {
        return String.join("\n",
                "providers:",
                "  openai:",
                "    type: openai",
                "    base_url: " + baseUrl(),
                "    api_key: sk-test",
                "models:",
                "  - name: gpt-4o-mini",
                "    provider: openai",
                "");
    }
}
