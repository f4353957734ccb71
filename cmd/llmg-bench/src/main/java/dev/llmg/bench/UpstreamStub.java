package dev.llmg.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.netty.channel.EventLoop;

/**
 * Serves a fast, OpenAI-compatible {@code POST /v1/chat/completions} with a fixed latency, unary or as
 * Server-Sent Events ({@code "stream": true}) with a fixed number of chunks at a fixed interval.
 *
 * <p>{@code /lat/{ms}/v1/chat/completions} answers the same with a latency of {@code ms} milliseconds, so that
 * one stub serves every latency of a run (a provider's {@code base_url} may carry the prefix).
 */
public final class UpstreamStub {

    private static final ResponseHeaders JSON_OK =
            ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.JSON_UTF_8);
    private static final ResponseHeaders SSE_OK =
            ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM)
                           .add(HttpHeaderNames.CACHE_CONTROL, "no-cache").build();

    private final long defaultLatencyNanos;
    private final long chunkIntervalNanos;
    private final StubAnswers answers;

    /** Creates a stub with the given default latency and stream shape. */
    public UpstreamStub(Duration latency, int chunks, Duration chunkInterval) {
        defaultLatencyNanos = latency.toNanos();
        chunkIntervalNanos = chunkInterval.toNanos();
        answers = new StubAnswers(chunks);
    }

    /** Starts the stub on {@code port} (0 picks one) and returns the running server. */
    public Server start(int port) {
        final HttpService fixed = (ctx, req) -> answer(ctx, req, defaultLatencyNanos);
        final HttpService prefixed = (ctx, req) ->
                answer(ctx, req, TimeUnit.MILLISECONDS.toNanos(Long.parseLong(ctx.pathParam("ms"))));
        final Server server = Server.builder()
                                    .http(port)
                                    .service("/v1/chat/completions", fixed)
                                    .service("/lat/{ms}/v1/chat/completions", prefixed)
                                    .service("/healthz", (ctx, req) -> HttpResponse.of("ok"))
                                    .requestTimeout(Duration.ZERO)
                                    .maxNumConnections(Integer.MAX_VALUE)
                                    .build();
        server.start().join();
        return server;
    }

    private HttpResponse answer(ServiceRequestContext ctx, HttpRequest req, long latencyNanos) {
        return HttpResponse.of(req.aggregate().thenApply(body -> {
            final String text = body.contentUtf8();
            final boolean stream = text.contains("\"stream\":true") || text.contains("\"stream\": true");
            if (!stream) {
                final HttpResponse response = HttpResponse.of(JSON_OK, answers.completion);
                return latencyNanos == 0 ? response
                                         : HttpResponse.delayed(response, Duration.ofNanos(latencyNanos),
                                                                ctx.eventLoop());
            }
            return stream(ctx.eventLoop(), latencyNanos, text.contains("include_usage"));
        }));
    }

    private HttpResponse stream(EventLoop loop, long latencyNanos, boolean usage) {
        final HttpResponseWriter writer = HttpResponse.streaming();
        final Runnable first = () -> {
            writer.write(SSE_OK);
            writeChunk(writer, loop, 0, usage);
        };
        if (latencyNanos == 0) {
            loop.execute(first);
        } else {
            loop.schedule(first, latencyNanos, TimeUnit.NANOSECONDS);
        }
        return writer;
    }

    private void writeChunk(HttpResponseWriter writer, EventLoop loop, int index, boolean usage) {
        if (!writer.isOpen()) {
            return;
        }
        if (index < answers.chunks.length) {
            writer.tryWrite(answers.chunks[index]);
            loop.schedule(() -> writeChunk(writer, loop, index + 1, usage), chunkIntervalNanos, TimeUnit.NANOSECONDS);
            return;
        }
        if (usage) {
            writer.tryWrite(answers.usageChunk);
        }
        writer.tryWrite(answers.done);
        writer.close();
    }
}
