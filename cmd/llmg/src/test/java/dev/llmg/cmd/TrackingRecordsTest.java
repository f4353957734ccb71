package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

/**
 * What one record says about each kind of call, read back through {@code GET /api/v1/inferences/{id}}: an
 * answered call with its tokens, price and kept bodies (credentials redacted), a stream with its first
 * piece, calls refused as unknown or invalid (recorded too: bad input loses no record), embeddings over
 * {@code /v1}, and the writer's status.
 */
@Timeout(60)
class TrackingRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";

    @RegisterExtension
    @Order(1)
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers: {simulator: {type: simulator}}",
            "models:",
            "  - name: priced",
            "    targets:",
            "      - {provider: simulator, model: sim-echo, prices: {input: 2.5, output: 10}}",
            "  - name: sim-echo",
            "    provider: simulator",
            "storage: {url: \"jdbc:h2:mem:tracking-records;DB_CLOSE_DELAY=-1\"}",
            "tracking: {spill_dir: target/tracking-records-spill, flush_interval: 10ms, capture_bodies: true}",
            ""));

    @Test
    void anAnsweredCallWithTokensPriceAndRedactedBodies() throws Exception {
        final AggregatedHttpResponse answer = post("/api/v1/chat/completions",
                "{\"model\":\"priced\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"my key is "
                + KEY + "\"}]}]}");
        assertThat(answer.status().code()).isEqualTo(200);
        final JsonNode record = recordOf(answer.headers().get("x-request-id"));

        assertThat(record.path("status").asText()).isEqualTo("OK");
        assertThat(record.path("surface").asText()).isEqualTo("rest");
        assertThat(record.path("operation").asText()).isEqualTo("chat");
        assertThat(record.path("requestedModel").asText()).isEqualTo("priced");
        assertThat(record.path("group").asText()).isEqualTo("priced");
        assertThat(record.path("provider").asText()).isEqualTo("simulator");
        assertThat(record.path("model").asText()).isEqualTo("sim-echo");
        assertThat(record.path("streamed").asBoolean()).isFalse();
        assertThat(record.path("finishReason").asText()).isEqualTo("stop");
        assertThat(record.path("caller").asText()).isEqualTo("anonymous");
        final JsonNode usage = record.path("usage");
        final int input = usage.path("inputTokens").asInt();
        final int output = usage.path("outputTokens").asInt();
        assertThat(input).isPositive();
        assertThat(output).isPositive();
        assertThat(new BigDecimal(record.path("costUsd").asText()))
                .isEqualByComparingTo(BigDecimal.valueOf(input * 2.5 + output * 10.0).movePointLeft(6));
        assertThat(record.path("requestBody").asText()).contains("my key is").doesNotContain(KEY);
        assertThat(record.path("responseBody").asText()).contains("my key is").doesNotContain(KEY);
        assertThat(record.path("attempts")).hasSize(1);
        assertThat(record.path("attempts").get(0).path("outcome").asText()).isEqualTo("ATTEMPT_OUTCOME_SUCCEEDED");
        assertThat(record.path("latency").asText()).endsWith("s");
        assertThat(record.has("timeToFirstPiece")).isFalse();
    }

    @Test
    void aStreamHasItsFirstPieceAndNoAnswerBody() throws Exception {
        final AggregatedHttpResponse answer = post("/api/v1/chat/completions:stream",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"a b c\"}]}]}");
        assertThat(answer.status().code()).isEqualTo(200);
        final JsonNode record = recordOf(answer.headers().get("x-request-id"));
        assertThat(record.path("status").asText()).isEqualTo("OK");
        assertThat(record.path("surface").asText()).isEqualTo("sse");
        assertThat(record.path("streamed").asBoolean()).isTrue();
        assertThat(record.has("timeToFirstPiece")).isTrue();
        assertThat(record.has("responseBody")).isFalse();
        assertThat(record.path("requestBody").asText()).contains("a b c");
    }

    @Test
    void refusedCallsAreRecordedWithWhatWasWrong() throws Exception {
        final AggregatedHttpResponse unknown = post("/api/v1/chat/completions",
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}");
        assertThat(unknown.status().code()).isEqualTo(404);
        final JsonNode notFound = recordOf(unknown.headers().get("x-request-id"));
        assertThat(notFound.path("status").asText()).isEqualTo("NOT_FOUND");
        assertThat(notFound.path("requestedModel").asText()).isEqualTo("no-such-model");
        assertThat(notFound.path("errorKind").asText()).isNotEmpty();
        assertThat(notFound.path("errorMessage").asText()).contains("no-such-model");
        assertThat(notFound.path("attempts")).isEmpty();

        final AggregatedHttpResponse invalid = post("/api/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"temperature\":7,\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}");
        assertThat(invalid.status().code()).isEqualTo(400);
        final JsonNode refused = recordOf(invalid.headers().get("x-request-id"));
        assertThat(refused.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(refused.path("errorMessage").asText()).contains("temperature");
    }

    @Test
    void embeddingsOverTheOpenAiApi() throws Exception {
        final AggregatedHttpResponse answer = post("/v1/embeddings", "{\"model\":\"sim-echo\",\"input\":\"one\"}");
        assertThat(answer.status().code()).isEqualTo(200);
        final JsonNode record = recordOf(answer.headers().get("x-request-id"));
        assertThat(record.path("operation").asText()).isEqualTo("embeddings");
        assertThat(record.path("surface").asText()).isEqualTo("openai");
        assertThat(record.path("usage").path("inputTokens").asInt()).isPositive();
    }

    @Test
    void theWriterSaysHowItKeepsUp() throws Exception {
        post("/api/v1/chat/completions",
             "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode status;
        do {
            status = JSON.readTree(WebClient.of(gateway.httpUri()).get("/api/v1/tracking/status").aggregate().join()
                                            .contentUtf8());
        } while (status.path("written").asLong() == 0 && System.nanoTime() < deadline);
        assertThat(status.path("enabled").asBoolean()).isTrue();
        assertThat(status.path("written").asLong()).isPositive();
        assertThat(status.path("queueCapacity").asInt()).isEqualTo(10_000);
        assertThat(status.path("databaseUp").asBoolean()).isTrue();
        assertThat(status.path("spilled").asLong()).isZero();
    }

    private static AggregatedHttpResponse post(String path, String body) {
        return WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON).build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(body))).aggregate().join();
    }

    /** Returns the call's record as GetInference gives it over REST, once the writer has written it. */
    private static JsonNode recordOf(String requestId) throws Exception {
        assertThat(requestId).isNotEmpty();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            final AggregatedHttpResponse found = WebClient.of(gateway.httpUri())
                                                          .get("/api/v1/inferences/" + requestId).aggregate().join();
            if (found.status().code() == 200) {
                return JSON.readTree(found.contentUtf8()).path("inference");
            }
            assertThat(found.status().code()).as(found.contentUtf8()).isIn(404, 503);
            assertThat(System.nanoTime()).as("recorded within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
