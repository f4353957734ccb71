package dev.llmg.bench;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;

/**
 * Stands in for an OpenTelemetry collector, so that a traced llmg exports over a real connection without one:
 * accepts OTLP/HTTP exports in protobuf ({@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}),
 * answers each with 200 and an empty export response, keeps nothing, and counts requests, bytes and the spans
 * of trace exports. {@code GET /stats} tells the counts as one flat JSON object.
 */
public final class OtlpSink {

    private static final MediaType X_PROTOBUF = MediaType.parse("application/x-protobuf");
    // An ExportTraceServiceResponse (or metrics, logs) with no partial_success field is zero bytes long.
    private static final ResponseHeaders OK = ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE,
                                                                 X_PROTOBUF);
    // ExportTraceServiceRequest.resource_spans = 1, ResourceSpans.scope_spans = 2, ScopeSpans.spans = 2.
    private static final int[] SPANS_PATH = { 1, 2, 2 };

    private final Signal traces = new Signal();
    private final Signal metrics = new Signal();
    private final Signal logs = new Signal();
    private final LongAdder spans = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** Starts the sink on {@code port} (0 picks one) and returns the running server. */
    public Server start(int port) {
        final Server server = Server.builder()
                                    .http(port)
                                    .service("/v1/traces", export(traces, true))
                                    .service("/v1/metrics", export(metrics, false))
                                    .service("/v1/logs", export(logs, false))
                                    .service("/stats", (ctx, req) -> HttpResponse.of(MediaType.JSON_UTF_8, stats()))
                                    .service("/healthz", (ctx, req) -> HttpResponse.of("ok"))
                                    .maxRequestLength(64 * 1024 * 1024)
                                    .requestTimeout(Duration.ofSeconds(30))
                                    .build();
        server.start().join();
        return server;
    }

    /** Returns the counts so far, e.g. {@code {"trace_requests":3,"trace_bytes":1234,"spans":60,...}}. */
    String stats() {
        return String.format("{\"trace_requests\":%d,\"trace_bytes\":%d,\"spans\":%d,\"metric_requests\":%d,"
                             + "\"metric_bytes\":%d,\"log_requests\":%d,\"log_bytes\":%d,\"rejected\":%d}",
                             traces.requests.sum(), traces.bytes.sum(), spans.sum(), metrics.requests.sum(),
                             metrics.bytes.sum(), logs.requests.sum(), logs.bytes.sum(), rejected.sum());
    }

    private HttpService export(Signal signal, boolean countSpans) {
        return (ctx, req) -> {
            if (!"POST".equals(req.method().name())) {
                return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED);
            }
            return HttpResponse.of(req.aggregate().thenApply(body -> {
                signal.requests.increment();
                signal.bytes.add(body.content().length());
                if (countSpans) {
                    try {
                        spans.add(count(ByteString.copyFrom(decoded(body)), SPANS_PATH, 0));
                    } catch (IOException e) {
                        rejected.increment();
                        return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8,
                                               "not an OTLP protobuf export: " + e.getMessage());
                    }
                }
                return HttpResponse.of(OK, HttpData.empty());
            }));
        };
    }

    /** Returns the body as sent before any gzip (OTEL_EXPORTER_OTLP_COMPRESSION=gzip). */
    private static byte[] decoded(AggregatedHttpRequest body) throws IOException {
        if (!"gzip".equalsIgnoreCase(body.headers().get(HttpHeaderNames.CONTENT_ENCODING))) {
            return body.content().array();
        }
        try (InputStream in = new GZIPInputStream(body.content().toInputStream())) {
            return in.readAllBytes();
        }
    }

    /**
     * Returns how many embedded messages the field numbers {@code path[from..]} lead to in {@code message},
     * reading the protobuf wire format directly: the bench has no generated OTLP classes, and needs none to
     * count.
     */
    static long count(ByteString message, int[] path, int from) throws IOException {
        final CodedInputStream in = message.newCodedInput();
        long found = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == path[from]
                && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                final ByteString field = in.readBytes();
                found += from == path.length - 1 ? 1 : count(field, path, from + 1);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return found;
    }

    /** Requests and bytes of one signal. */
    private static final class Signal {
        final LongAdder requests = new LongAdder();
        final LongAdder bytes = new LongAdder();
    }
}
