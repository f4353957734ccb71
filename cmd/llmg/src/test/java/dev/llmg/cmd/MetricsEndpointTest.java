package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.internal.testing.FaultyUpstream;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * {@code GET /metrics} is Prometheus text that a scraper parses, with token usage, cost, latency, requests,
 * overhead, breakers, tracking, the JVM and the HTTP server; and no caller's or provider's key appears in any
 * metric, label or span.
 */
@Timeout(60)
class MetricsEndpointTest {

    private static final String CALLER_KEY = "sk-caller-SECRETVALUE-0123456789";
    private static final String PROVIDER_KEY = "sk-provider-SECRETVALUE-9876543210";

    /** A Prometheus text-format (0.0.4) line: a comment, or a sample with optional labels and timestamp. */
    private static final Pattern HELP = Pattern.compile("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped|info|stateset)");
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*\\})?"
            + " (-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|\\+Inf|-Inf)( -?[0-9]+)?");

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream upstream = new FaultyUpstream("east");

    static final TestTelemetry telemetry = new TestTelemetry();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  east:",
            "    type: openai",
            "    base_url: " + upstream.baseUrl(),
            "    api_key: " + PROVIDER_KEY,
            "models:",
            "  - name: chat",
            "    targets: [{provider: east, model: gpt-4o-mini}]",
            ""), telemetry);

    @Test
    void metricsAreParseablePrometheusTextWithEveryFamilyTheDashboardUses() {
        call("/api/v1/chat/completions");
        call("/api/v1/chat/completions:stream");

        final AggregatedHttpResponse scraped = WebClient.of(gateway.httpUri()).get("/metrics").aggregate().join();
        assertThat(scraped.status().code()).isEqualTo(200);
        assertThat(scraped.contentType().toString()).startsWith("text/plain");
        final String text = scraped.contentUtf8();
        final List<String> bad = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !HELP.matcher(line).matches() && !TYPE.matcher(line).matches()
                && !SAMPLE.matcher(line).matches()) {
                bad.add(line);
            }
        }
        assertThat(bad).as("lines that are not Prometheus text").isEmpty();
        assertThat(text).contains("gen_ai_client_token_usage_bucket{", "gen_ai_client_token_usage_sum{",
                                  "gen_ai_client_operation_duration_seconds_bucket{",
                                  "gen_ai_client_operation_time_to_first_chunk_seconds_bucket{",
                                  "gen_ai_client_operation_time_per_output_chunk_seconds_bucket{",
                                  "llmg_requests_total{", "llmg_cost_usd_total{", "llmg_overhead_seconds_bucket{",
                                  "llmg_breaker_state{", "llmg_tracking_queue_depth", "llmg_tracking_spill_size",
                                  "http_server_request_duration_seconds_bucket{", "jvm_memory_used_bytes{");
        assertThat(text).containsPattern("llmg_requests_total\\{[^}]*gen_ai_provider_name=\"openai\"")
                        .containsPattern("llmg_requests_total\\{[^}]*gen_ai_request_model=\"chat\"")
                        .containsPattern("llmg_requests_total\\{[^}]*llmg_front_door=\"rest\"")
                        .containsPattern("llmg_requests_total\\{[^}]*llmg_status=\"OK\"")
                        .containsPattern("gen_ai_client_token_usage_bucket\\{[^}]*gen_ai_token_type=\"output\"")
                        .containsPattern("llmg_cost_usd_total\\{[^}]*gen_ai_response_model=\"gpt-4o-mini\"[^}]*\\} "
                                         + "[0-9.eE-]*[1-9]");
        assertThat(text).as("no key in any metric").doesNotContain(CALLER_KEY).doesNotContain(PROVIDER_KEY)
                        .doesNotContain("SECRETVALUE");
    }

    @Test
    void noKeyOrAuthorizationValueIsInAnySpanOrMetricLabel() {
        call("/api/v1/chat/completions");
        call("/api/v1/chat/completions:stream");
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (telemetry.spans().stream().filter(span -> span.getKind() == SpanKind.SERVER).count() < 2
               && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (SpanData span : telemetry.spans()) {
            assertThat(span.toString()).as(span.getName()).doesNotContain("SECRETVALUE").doesNotContain("Bearer");
        }
        for (MetricData metric : telemetry.metrics()) {
            assertThat(metric.toString()).as(metric.getName()).doesNotContain("SECRETVALUE");
        }
        assertThat(telemetry.spans()).as("spans were made").anyMatch(span -> span.getKind() == SpanKind.CLIENT);
    }

    private static void call(String path) {
        final String body =
                "{\"model\":\"chat\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}";
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8)
                              .add("authorization", "Bearer " + CALLER_KEY).add("x-api-key", CALLER_KEY).build(),
                HttpData.ofUtf8(body))).aggregate().join();
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
    }
}
