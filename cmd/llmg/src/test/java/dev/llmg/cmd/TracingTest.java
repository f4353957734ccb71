package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * One call's whole path is one trace: the caller's W3C context is accepted, the front door's SERVER span
 * parents a routing span, a CLIENT span per provider attempt (with the GenAI conventions' attributes, the
 * backoff between retries visible) and the context goes upstream in {@code traceparent}; metrics count tokens,
 * requests and streamed chunks; message contents stay out of spans unless configured in.
 */
@Timeout(60)
class TracingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN_ID = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";
    private static final String PROMPT = "the secret recipe is forty-two";

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream east = new FaultyUpstream("east");

    @RegisterExtension
    @Order(2)
    static final FaultyUpstream backup = new FaultyUpstream("backup");

    static final TestTelemetry telemetry = new TestTelemetry();

    @RegisterExtension
    @Order(3)
    static final TestGateway gateway = new TestGateway(TracingTest::config, telemetry);

    static final TestTelemetry capturing = new TestTelemetry();

    @RegisterExtension
    @Order(4)
    static final TestGateway capturingGateway =
            new TestGateway(() -> config() + "telemetry: {capture_content: true}\n", capturing);

    private static String config() {
        return String.join("\n",
                "providers:",
                east.providerYaml("east") + backup.providerYaml("backup"),
                "models:",
                "  - name: chat",
                "    targets: [{provider: east, model: gpt-4o-mini}]",
                "    fallbacks: [chat-backup]",
                "  - name: chat-backup",
                "    targets: [{provider: backup, model: gpt-4o-mini}]",
                "routing:",
                "  retry: {attempts: 2, backoff: 20ms, max_backoff: 20ms}",
                "  retry_budget: {ratio: 10, min_per_second: 100000}",
                "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
                "");
    }

    @BeforeEach
    void fresh() {
        east.reset();
        backup.reset();
        telemetry.resetSpans();
        capturing.resetSpans();
    }

    @AfterAll
    static void closeClients() {
        FrontDoor.closeClients();
    }

    @Test
    void aCallThatRetriedOnceAndFellBackIsOneTraceFromCallerToProvider() {
        east.always(Fault.status(503));
        final AggregatedHttpResponse response = rest(gateway.httpUri(), "chat", false);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        assertThat(response.headers().get("x-llmg-overhead-ms")).as("the overhead header").matches("\\d+\\.\\d{3}");

        final List<SpanData> trace = awaitTrace(telemetry, TRACE_ID, spans -> spans.stream().anyMatch(
                span -> span.getKind() == SpanKind.SERVER));
        final SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).as("the caller's span is the server span's parent")
                                            .isEqualTo(CALLER_SPAN_ID);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("llmg.front_door"))).isEqualTo("rest");
        assertThat(server.getAttributes().get(AttributeKey.longKey("llmg.route.attempts"))).isEqualTo(3L);

        final SpanData route = only(trace, span -> span.getName().equals("route chat"));
        assertThat(route.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(route.getAttributes().get(AttributeKey.stringKey("llmg.route.model"))).isEqualTo("chat");
        assertThat(route.getAttributes().get(AttributeKey.stringKey("llmg.route.target")))
                .isEqualTo("east/gpt-4o-mini");

        final List<SpanData> attempts = trace.stream().filter(span -> span.getKind() == SpanKind.CLIENT)
                                             .sorted(Comparator.comparing(SpanData::getStartEpochNanos)).toList();
        assertThat(attempts).extracting(SpanData::getName).containsExactly("chat gpt-4o-mini", "chat gpt-4o-mini",
                                                                           "chat gpt-4o-mini");
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
            assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
            assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
                    .isEqualTo("gpt-4o-mini");
            assertThat(attempt.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
            assertThat(attempt.getAttributes().get(AttributeKey.longKey("server.port"))).isPositive();
        });
        assertThat(attempts).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("llmg.provider")))
                            .containsExactly("east", "east", "backup");
        for (SpanData failed : attempts.subList(0, 2)) {
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
            assertThat(failed.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
        }
        final SpanData answered = attempts.get(2);
        assertThat(answered.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(answered.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isNotBlank();
        assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isNotBlank();
        assertThat(answered.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                .containsExactly("stop");
        assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();

        final SpanData backoff = only(trace, span -> span.getName().equals("backoff"));
        assertThat(backoff.getParentSpanId()).isEqualTo(server.getSpanId());
        final double waited = backoff.getAttributes().get(AttributeKey.doubleKey("llmg.backoff.seconds"));
        assertThat(waited).as("the jittered wait, at most 20ms").isPositive().isLessThanOrEqualTo(0.021);
        assertThat(backoff.getEndEpochNanos() - backoff.getStartEpochNanos())
                .as("the span covers the wait").isCloseTo((long) (waited * 1e9), within(1_000L));
        assertThat(backoff.getStartEpochNanos()).isGreaterThanOrEqualTo(attempts.get(0).getEndEpochNanos() - 1_000_000);

        // Upstream, each attempt's request carried the trace, with the attempt's span as parent.
        final List<String> upstream = new ArrayList<>();
        east.received().forEach(received -> upstream.add(received.traceparent()));
        backup.received().forEach(received -> upstream.add(received.traceparent()));
        assertThat(upstream).containsExactly("00-" + TRACE_ID + "-" + attempts.get(0).getSpanId() + "-01",
                                             "00-" + TRACE_ID + "-" + attempts.get(1).getSpanId() + "-01",
                                             "00-" + TRACE_ID + "-" + attempts.get(2).getSpanId() + "-01");

        assertThat(trace).as("message contents are off by default").allSatisfy(span -> {
            assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
            assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
            assertThat(span.getAttributes().toString()).doesNotContain(PROMPT);
        });
    }

    @Test
    void aStreamedCallRecordsItsTimeToFirstChunkAndTheChunkMetrics() {
        final AggregatedHttpResponse response = rest(gateway.httpUri(), "chat", true);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        final List<SpanData> trace = awaitTrace(telemetry, TRACE_ID, spans -> spans.stream().anyMatch(
                span -> span.getKind() == SpanKind.SERVER));
        final SpanData attempt = only(trace, span -> span.getKind() == SpanKind.CLIENT);
        assertThat(attempt.getAttributes().get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
                .isPositive();
        assertThat(attempt.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();

        assertThat(histogramCount(telemetry, "gen_ai.client.operation.time_to_first_chunk")).isPositive();
        assertThat(histogramCount(telemetry, "gen_ai.client.operation.time_per_output_chunk"))
                .as("one per chunk after the first").isGreaterThanOrEqualTo(Fault.ANSWER_PIECES - 1);
    }

    @Test
    void tokenUsageIsMeasuredByTypeModelAndProvider() {
        assertThat(rest(gateway.httpUri(), "chat", false).status().code()).isEqualTo(200);
        final MetricData usage = metric(telemetry, "gen_ai.client.token.usage");
        assertThat(usage.getHistogramData().getPoints()).anySatisfy(point -> {
            assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))).isEqualTo("input");
            assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("chat");
            assertThat(point.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
            assertThat(point.getSum()).isPositive();
        });
        assertThat(usage.getHistogramData().getPoints()).anySatisfy(point -> assertThat(
                point.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))).isEqualTo("output"));
        assertThat(metric(telemetry, "llmg.requests").getLongSumData().getPoints()).anySatisfy(point -> {
            assertThat(point.getAttributes().get(AttributeKey.stringKey("llmg.front_door"))).isEqualTo("rest");
            assertThat(point.getAttributes().get(AttributeKey.stringKey("llmg.status"))).isEqualTo("OK");
        });
    }

    @Test
    void eachStreamOnAWebSocketHasItsOwnServerSpan() throws Exception {
        // A client factory of its own: the shared one holds an HTTP/2 connection (REST calls), which a
        // WebSocket cannot upgrade.
        final ClientFactory factory = ClientFactory.builder().build();
        final WsClient ws = WsClient.of(WebSocketClient.builder(gateway.httpUri()).factory(factory).build()
                                                       .connect(WsClient.PATH).join());
        try {
            final String first = UUID.randomUUID().toString();
            final String second = UUID.randomUUID().toString();
            ws.request(first, TestGateway.ask("chat", "one"));
            ws.request(second, TestGateway.ask("chat", "two"));
            // The two streams run side by side, so either may end first.
            final Map<String, List<JsonNode>> streams = ws.streamsOf(List.of(first, second));
            for (String id : List.of(first, second)) {
                assertThat(streams.get(id)).last().satisfies(last -> assertThat(last.path("type").asText())
                                                                        .isEqualTo("chat.done"));
            }
        } finally {
            ws.close();
            factory.closeAsync();
        }
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<SpanData> servers = List.of();
        while (System.nanoTime() < deadline) {
            servers = telemetry.spans().stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
            if (servers.size() >= 2) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(servers).as("one server span per stream, none for the socket").hasSize(2)
                           .allSatisfy(span -> assertThat(span.getName()).isEqualTo("WEBSOCKET /api/v1/ws"));
        for (SpanData server : servers) {
            assertThat(telemetry.spans()).as("the stream's attempt hangs from its server span")
                                         .anyMatch(span -> span.getKind() == SpanKind.CLIENT
                                                           && span.getParentSpanId().equals(server.getSpanId())
                                                           && span.getTraceId().equals(server.getTraceId()));
        }
        assertThat(servers.get(0).getTraceId()).isNotEqualTo(servers.get(1).getTraceId());
    }

    @Test
    void aGraphqlCallIsTracedLikeAnyOther() {
        final String body = "{\"query\": \"mutation { createChatCompletion(input: {model: \\\"chat\\\", messages: "
                            + "[{role: ROLE_USER, content: [{text: \\\"hi\\\"}]}]}) { id } }\"}";
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/graphql").contentType(MediaType.JSON_UTF_8)
                              .add("traceparent", TRACEPARENT).build(),
                HttpData.ofUtf8(body))).aggregate().join();
        assertThat(response.contentUtf8()).doesNotContain("errors");

        final List<SpanData> trace = awaitTrace(telemetry, TRACE_ID, spans -> spans.stream().anyMatch(
                span -> span.getKind() == SpanKind.SERVER));
        final SpanData server = only(trace, span -> span.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("llmg.front_door"))).isEqualTo("graphql");
        final SpanData attempt = only(trace, span -> span.getKind() == SpanKind.CLIENT);
        assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
    }

    @Test
    void messageContentsAreCapturedWhenConfiguredIn() {
        assertThat(rest(capturingGateway.httpUri(), "chat", false).status().code()).isEqualTo(200);
        final List<SpanData> trace = awaitTrace(capturing, TRACE_ID, spans -> spans.stream().anyMatch(
                span -> span.getKind() == SpanKind.SERVER));
        final SpanData attempt = only(trace, span -> span.getKind() == SpanKind.CLIENT);
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
                .contains("\"role\":\"user\"").contains(PROMPT);
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
                .contains("\"role\":\"assistant\"").contains("\"finish_reason\":\"stop\"");
    }

    /** Calls the native REST API with the caller's trace context, unary or streamed (SSE). */
    static AggregatedHttpResponse rest(URI uri, String model, boolean streamed) {
        final String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":"
                            + "[{\"text\":\"" + PROMPT + "\"}]}]}";
        final String path = streamed ? "/api/v1/chat/completions:stream" : "/api/v1/chat/completions";
        return WebClient.of(uri).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8)
                              .add("traceparent", TRACEPARENT).build(),
                HttpData.ofUtf8(body))).aggregate().join();
    }

    /** Waits until the spans of {@code traceId} satisfy {@code complete} (the server span ends last). */
    static List<SpanData> awaitTrace(TestTelemetry from, String traceId, Predicate<List<SpanData>> complete) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<SpanData> trace = List.of();
        while (System.nanoTime() < deadline) {
            trace = from.spans().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
            if (complete.test(trace)) {
                return trace;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the trace did not complete: " + trace);
    }

    static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
        final List<SpanData> found = spans.stream().filter(which).toList();
        assertThat(found).as("in " + spans).hasSize(1);
        return found.get(0);
    }

    static MetricData metric(TestTelemetry from, String name) {
        return from.metrics().stream().filter(metric -> metric.getName().equals(name)).findFirst()
                   .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static long histogramCount(TestTelemetry from, String name) {
        return metric(from, name).getHistogramData().getPoints().stream().mapToLong(HistogramPointData::getCount)
                                 .sum();
    }
}
