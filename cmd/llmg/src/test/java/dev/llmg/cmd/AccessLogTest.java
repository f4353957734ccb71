package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.client.LlmgClient;
import dev.llmg.internal.call.Caller;

/**
 * Every call writes one line to {@code llmg.access}, whatever its front door: who called (by fingerprint),
 * what was asked and routed, who answered, the status, the time and the tokens; with the call's trace id,
 * the caller's own when it sent W3C trace context; and never a key.
 */
@Timeout(60)
class AccessLogTest {

    /** Attached before the gateway starts, so that everything it logs is captured. */
    private static final CapturedLog log = CapturedLog.attach();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    private static final ChatRequest REQUEST = ask("sim-echo", "hello access log");

    @AfterAll
    static void detach() {
        log.close();
    }

    @Test
    void restCallIsLoggedOnceWithItsFields() throws Exception {
        final AggregatedHttpResponse response = postRest(REQUEST, Map.of());
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        final CreateChatCompletionResponse.Builder answer = CreateChatCompletionResponse.newBuilder();
        JsonFormat.parser().merge(response.contentUtf8(), answer);

        final ILoggingEvent line = accessLineOf(answer.getGateway().getRequestId());

        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        final Map<String, Object> fields = fields(line);
        assertThat(fields).containsEntry("front_door", "rest")
                          .containsEntry("request_id", answer.getGateway().getRequestId())
                          .containsEntry("caller", "anonymous")
                          .containsEntry("operation", "chat")
                          .containsEntry("requested_model", "sim-echo")
                          .containsEntry("model", "sim-echo")
                          .containsEntry("provider", "simulator")
                          .containsEntry("provider_model", answer.getGateway().getModel())
                          .containsEntry("status", "OK")
                          .containsEntry("attempts", 1)
                          .containsEntry("input_tokens", answer.getUsage().getInputTokens())
                          .containsEntry("output_tokens", answer.getUsage().getOutputTokens());
        assertThat(answer.getUsage().getOutputTokens()).as("the simulator counts tokens").isPositive();
        assertThat((Long) fields.get("latency_ms")).isGreaterThanOrEqualTo((Long) fields.get("overhead_ms"))
                                                   .isNotNegative();
        assertThat(line.getMDCPropertyMap()).as("logged inside the call's trace").containsKeys("trace_id", "span_id");
    }

    @Test
    void grpcCallIsLoggedOnceWithItsFields() throws Exception {
        final CreateChatCompletionResponse answer = LlmgClient.connect(gateway.httpUri()).complete(REQUEST);

        final Map<String, Object> fields = fields(accessLineOf(answer.getGateway().getRequestId()));

        assertThat(fields).containsEntry("front_door", "grpc")
                          .containsEntry("request_id", answer.getGateway().getRequestId())
                          .containsEntry("requested_model", "sim-echo")
                          .containsEntry("provider", "simulator")
                          .containsEntry("status", "OK")
                          .containsEntry("attempts", 1)
                          .containsEntry("output_tokens", answer.getUsage().getOutputTokens());
    }

    @Test
    void failedCallIsLoggedWithItsStatusAndTheCallersModelMadeHarmless() throws Exception {
        final AggregatedHttpResponse response = postRest(ask("no-such\nmodel\" status=OK", "hi"), Map.of());
        assertThat(response.status().code()).isEqualTo(404);

        final Map<String, Object> fields = fields(accessLineOf(response.headers().get("x-request-id")));

        assertThat(fields).containsEntry("status", "NOT_FOUND")
                          .containsEntry("requested_model", "no-such?model? status=OK")
                          .containsEntry("attempts", 0)
                          .doesNotContainKeys("provider", "provider_model", "input_tokens", "output_tokens");
    }

    @Test
    void callersTraceIdIsOnTheLine() throws Exception {
        final AggregatedHttpResponse response = postRest(REQUEST, Map.of(
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assertThat(response.status().code()).isEqualTo(200);

        final ILoggingEvent line = accessLineOf(response.headers().get("x-request-id"));

        assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c");
        assertThat(line.getMDCPropertyMap().get("span_id")).as("the call's server span, a child of the caller's")
                                                           .matches("[0-9a-f]{16}")
                                                           .isNotEqualTo("b7ad6b7169203331");
    }

    @Test
    void noKeyIsLoggedAtAnyLevel() throws Exception {
        final String bearer = "sk-test-SECRETVALUE123456";
        final String apiKey = "sk-ant-test-OTHERSECRET654321";
        final List<Logger> ours = List.of((Logger) LoggerFactory.getLogger("dev.llmg"),
                                          (Logger) LoggerFactory.getLogger("llmg"));
        ours.forEach(logger -> logger.setLevel(Level.TRACE));
        final String requestId;
        try {
            final AggregatedHttpResponse response = postRest(REQUEST, Map.of("authorization", "Bearer " + bearer,
                                                                             "x-api-key", apiKey));
            assertThat(response.status().code()).isEqualTo(200);
            requestId = response.headers().get("x-request-id");
            assertThat(fields(accessLineOf(requestId))).as("the caller, by the key's fingerprint")
                                                       .containsEntry("caller", Caller.withKey(bearer).id());
        } finally {
            ours.forEach(logger -> logger.setLevel(null));
        }

        assertThat(log.text()).contains(requestId).doesNotContain(bearer).doesNotContain("SECRETVALUE")
                              .doesNotContain(apiKey).doesNotContain("OTHERSECRET");
    }

    /** Waits for the access line of the call {@code requestId} and returns it, checking it is the only one. */
    private static ILoggingEvent accessLineOf(String requestId) throws InterruptedException {
        assertThat(requestId).isNotEmpty();
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<ILoggingEvent> lines;
        do {
            lines = log.events("llmg.access").stream()
                       .filter(event -> requestId.equals(fields(event).get("request_id"))).toList();
            if (lines.isEmpty()) {
                Thread.sleep(10);
            }
        } while (lines.isEmpty() && System.nanoTime() < deadline);
        assertThat(lines).as("access lines of " + requestId).hasSize(1);
        return lines.get(0);
    }

    private static Map<String, Object> fields(ILoggingEvent event) {
        final Map<String, Object> fields = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                assertThat(fields.put(pair.key, pair.value)).as("key " + pair.key + " once").isNull();
            }
        }
        return fields;
    }

    private static AggregatedHttpResponse postRest(ChatRequest chat, Map<String, String> headers) throws Exception {
        final RequestHeadersBuilder builder = RequestHeaders.builder(HttpMethod.POST, "/api/v1/chat/completions")
                                                            .contentType(MediaType.JSON_UTF_8);
        headers.forEach(builder::add);
        return WebClient.of(gateway.httpUri()).execute(HttpRequest.of(builder.build(),
                                                                      HttpData.ofUtf8(JsonFormat.printer().print(chat))))
                        .aggregate().join();
    }
}
