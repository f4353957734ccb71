package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.GetUsageResponse;
import dev.llmg.api.gateway.v1.Inference;
import dev.llmg.api.gateway.v1.InferencesServiceGrpc;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.ListInferencesResponse;
import dev.llmg.api.gateway.v1.UsageGroupBy;
import dev.llmg.api.gateway.v1.UsageRow;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.internal.tracking.AttemptRecord;
import dev.llmg.internal.tracking.InferenceRecord;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * {@code InferencesService} on the real gateway over a real database (H2 in memory): records seeded through
 * the gateway's own {@code InferenceStore} are listed page by page, filtered, fetched one by one and summed,
 * over gRPC and REST, and bad requests are refused naming the field to fix.
 *
 * <p>The records sit between two and one hours ago, and every query names that range, so that calls the
 * gateway records while the test runs never count.
 */
class InferencesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant FROM = NOW.minus(2, ChronoUnit.HOURS);
    private static final Instant TO = NOW.minus(30, ChronoUnit.MINUTES);
    private static final Instant BASE = NOW.minus(90, ChronoUnit.MINUTES);
    private static final String RANGE = "start_time=" + FROM + "&end_time=" + TO;
    private static final List<InferenceRecord> SEEDED = new ArrayList<>();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            TestGateway.SIMULATOR_ONLY,
            "storage:",
            "  url: \"jdbc:h2:mem:inferences-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1\"",
            ""));

    @BeforeAll
    static void seed() {
        for (int i = 0; i < 120; i++) {
            SEEDED.add(new InferenceRecord(
                    String.format("seed-%03d", i), BASE.plusSeconds(10L * i), null, i % 4 == 0 ? "team-b" : "team-a",
                    "grpc", "chat", i % 3 == 0 ? "chat-b" : "chat-a", null, "chat", i % 2 == 0 ? "sim-1" : "sim-2",
                    "sim-echo", false, i % 10 == 0 ? "UNAVAILABLE" : "OK", i % 10 == 0 ? "unavailable" : null,
                    i % 10 == 0 ? "every target failed" : null, 1000L * (i + 1), null, 100, 10, 5, null, null,
                    false, new BigDecimal("0.001"), i % 10 == 0 ? null : "stop", null, null, null, null, null, null, List.of(), null,
                    List.of()));
        }
        SEEDED.add(full());
        assertThat(gateway.component().inferenceStore()).as("storage is configured").isPresent();
        gateway.component().inferenceStore().get().insert(SEEDED);
    }

    @Test
    void grpcPagesWalkEveryCallNewestFirst() {
        final List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            final ListInferencesResponse page = stub().listInferences(ListInferencesRequest.newBuilder()
                    .setStartTime(timestamp(FROM)).setEndTime(timestamp(TO))
                    .setPage(PageRequest.newBuilder().setPageSize(50).setPageToken(token)).build());
            assertThat(page.getPage().getTotalSize()).as("llmg never counts every row").isZero();
            page.getInferencesList().forEach(inference -> {
                assertThat(inference.getAttemptsList()).as("listings carry no attempts").isEmpty();
                assertThat(inference.getRequestBody()).as("nor bodies").isEmpty();
                seen.add(inference.getId());
            });
            token = page.getPage().getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertThat(seen).containsExactlyElementsOf(expected(record -> true));
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void restPagesWalkAFilteredListing() throws Exception {
        final List<String> seen = new ArrayList<>();
        String token = "";
        do {
            final JsonNode page = getJson("/api/v1/inferences?" + RANGE + "&model=chat-b&status=OK&page.page_size=7"
                                          + "&page.page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            page.path("inferences").forEach(inference -> seen.add(inference.path("id").asText()));
            token = page.path("page").path("nextPageToken").asText();
        } while (!token.isEmpty());

        assertThat(seen).containsExactlyElementsOf(
                expected(record -> "chat-b".equals(record.requestedModel()) && "OK".equals(record.status())));
    }

    @Test
    void grpcFiltersByProviderAndCaller() {
        final ListInferencesResponse page = stub().listInferences(ListInferencesRequest.newBuilder()
                .setStartTime(timestamp(FROM)).setEndTime(timestamp(TO)).setProvider("sim-2").setCaller("team-b")
                .setStatus("ok").setPage(PageRequest.newBuilder().setPageSize(1000)).build());

        assertThat(page.getInferencesList()).extracting(Inference::getId).containsExactlyElementsOf(expected(
                record -> "sim-2".equals(record.provider()) && "team-b".equals(record.caller())
                          && "OK".equals(record.status())));
        assertThat(page.getPage().getNextPageToken()).isEmpty();
    }

    @Test
    void oneCallComesWithItsAttemptsAndBodies() throws Exception {
        final Inference inference =
                stub().getInference(GetInferenceRequest.newBuilder().setId("full-1").build()).getInference();

        assertThat(inference.getStartTime()).isEqualTo(timestamp(BASE.minusSeconds(1)));
        assertThat(inference.getRule()).isEqualTo("cheap-first");
        assertThat(inference.getStreamed()).isTrue();
        assertThat(Durations.toMicros(inference.getTimeToFirstPiece())).isEqualTo(250_000);
        assertThat(inference.getUsage().getInputTokens()).isEqualTo(100);
        assertThat(inference.getUsage().getCachedInputTokens()).isEqualTo(64);
        assertThat(inference.getCostUsd()).isEqualTo(0.000123);
        assertThat(inference.getFinishReason()).isEqualTo("stop");
        assertThat(inference.getRequestBody()).isEqualTo("{\"model\":\"chat\"}");
        assertThat(inference.getAttemptsList()).hasSize(2);
        assertThat(inference.getAttempts(0).getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED);
        assertThat(inference.getAttempts(0).getProviderStatus()).isEqualTo(429);
        assertThat(inference.getAttempts(0).getTarget().getProvider()).isEqualTo("sim-1");
        assertThat(inference.getAttempts(1).getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);

        final JsonNode rest = getJson("/api/v1/inferences/full-1").path("inference");
        assertThat(rest.path("responseBody").asText()).isEqualTo("{\"choices\":[]}");
        assertThat(rest.path("attempts").get(0).path("outcome").asText()).isEqualTo("ATTEMPT_OUTCOME_FAILED");
        assertThat(rest.path("attempts").get(1).path("backoff").asText()).isEqualTo("0.100s");
        assertThat(rest.path("latency").asText()).isEqualTo("1.500s");
    }

    @Test
    void anUnknownIdIsNotFound() throws Exception {
        assertThatThrownBy(() -> stub().getInference(GetInferenceRequest.newBuilder().setId("no-such").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("no inference with id 'no-such'");
                });

        final AggregatedHttpResponse answer = get("/api/v1/inferences/no-such");
        assertThat(answer.status().code()).isEqualTo(404);
        final JsonNode error = JSON.readTree(answer.contentUtf8());
        assertThat(error.path("code").asInt()).isEqualTo(Status.Code.NOT_FOUND.value());
        assertThat(error.path("grpc-code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.path("message").asText()).isEqualTo("no inference with id 'no-such'");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() throws Exception {
        assertBadRequest("/api/v1/inferences?page.page_size=-5", "page.page_size", "must not be negative");
        assertBadRequest("/api/v1/inferences?page.page_token=c2VlZC0wMDE", "page.page_token",
                         "not a token this server returned");
        assertBadRequest("/api/v1/inferences?start_time=" + TO + "&end_time=" + FROM, "end_time",
                         "is before start_time");
        assertBadRequest("/api/v1/usage?start_time=2024-01-01T00:00:00Z&end_time=2026-01-01T00:00:00Z",
                         "start_time", "at most 366 days");
        assertBadRequest("/api/v1/usage?start_time=2026-01-01T00:00:00Z&end_time=2026-01-09T00:00:00Z"
                         + "&bucket=USAGE_BUCKET_MINUTE", "start_time", "USAGE_BUCKET_MINUTE spans at most 7 days");

        assertThatThrownBy(() -> stub().listInferences(ListInferencesRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(-1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("page.page_size");
                });
        assertThatThrownBy(() -> stub().listInferences(ListInferencesRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageToken("bogus")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("page.page_token");
                });
    }

    @Test
    void restUsageGroupsByModelInHourBuckets() throws Exception {
        final JsonNode usage = getJson("/api/v1/usage?" + RANGE + "&group_by=USAGE_GROUP_BY_MODEL"
                                       + "&bucket=USAGE_BUCKET_HOUR");

        final Map<String, Long> requests = new HashMap<>();
        final Map<String, Long> errors = new HashMap<>();
        usage.path("rows").forEach(row -> {
            assertThat(Instant.parse(row.path("bucketStart").asText()).getEpochSecond() % 3600)
                    .as("buckets start on the hour").isZero();
            requests.merge(row.path("key").asText(), row.path("requests").asLong(), Long::sum);
            errors.merge(row.path("key").asText(), row.path("errors").asLong(), Long::sum);
        });
        assertThat(requests).isEqualTo(Map.of("chat-a", count(r -> "chat-a".equals(r.requestedModel())),
                                              "chat-b", count(r -> "chat-b".equals(r.requestedModel())),
                                              "chat", 1L));
        assertThat(errors.get("chat-b")).isEqualTo(
                count(r -> "chat-b".equals(r.requestedModel()) && !"OK".equals(r.status())));
        assertThat(usage.path("startTime").asText()).isEqualTo(FROM.toString());
    }

    @Test
    void restUsageByMinuteHasFirstPieceOverheadAndRetries() throws Exception {
        final JsonNode usage = getJson("/api/v1/usage?" + RANGE + "&bucket=USAGE_BUCKET_MINUTE");

        long requests = 0;
        long retries = 0;
        long streamed = 0;
        for (JsonNode row : usage.path("rows")) {
            assertThat(Instant.parse(row.path("bucketStart").asText()).getEpochSecond() % 60)
                    .as("buckets start on the minute").isZero();
            assertThat(row.path("requests").asLong()).as("calls 10 s apart: 6 a minute at most").isLessThanOrEqualTo(7);
            assertThat(row.path("overheadP50").asText()).isNotEmpty();
            requests += row.path("requests").asLong();
            retries += row.path("retries").asLong();
            streamed += row.path("streamed").asLong();
            if (row.path("streamed").asLong() > 0) {
                assertThat(row.path("firstPieceP50").asText()).as("the streamed call's first piece")
                                                              .isEqualTo("0.250s");
            } else {
                assertThat(row.has("firstPieceP50")).as("no streamed call, no first piece: " + row).isFalse();
            }
        }
        assertThat(requests).isEqualTo(SEEDED.size());
        assertThat(retries).as("seeded calls have no attempts; full-1 has two").isEqualTo(1);
        assertThat(streamed).isEqualTo(1);
    }

    @Test
    void grpcUsageGroupsByProvider() {
        final GetUsageResponse usage = stub().getUsage(GetUsageRequest.newBuilder().setStartTime(timestamp(FROM))
                .setEndTime(timestamp(TO)).setGroupBy(UsageGroupBy.USAGE_GROUP_BY_PROVIDER).setModel("chat-a")
                .build());

        assertThat(usage.getRowsList()).extracting(UsageRow::getKey).containsExactly("sim-1", "sim-2");
        final UsageRow sim1 = usage.getRows(0);
        final Predicate<InferenceRecord> chatASim1 =
                r -> "chat-a".equals(r.requestedModel()) && "sim-1".equals(r.provider());
        assertThat(sim1.hasBucketStart()).as("no buckets asked").isFalse();
        assertThat(sim1.getRequests()).isEqualTo(count(chatASim1));
        assertThat(sim1.getErrors()).isEqualTo(count(chatASim1.and(r -> !"OK".equals(r.status()))));
        assertThat(sim1.getInputTokens()).isEqualTo(10 * count(chatASim1));
        assertThat(sim1.getOutputTokens()).isEqualTo(5 * count(chatASim1));
        assertThat(sim1.getCostUsd()).isCloseTo(0.001 * count(chatASim1), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Durations.toMillis(sim1.getLatencyP50())).isBetween(1L, 120L);
        assertThat(Durations.compare(sim1.getLatencyP50(), sim1.getLatencyP99())).isLessThanOrEqualTo(0);
    }

    private static void assertBadRequest(String path, String field, String message) throws Exception {
        final AggregatedHttpResponse answer = get(path);
        assertThat(answer.status().code()).as(path + ": " + answer.contentUtf8()).isEqualTo(400);
        final JsonNode error = JSON.readTree(answer.contentUtf8());
        assertThat(error.path("grpc-code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains(message);
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo(field);
    }

    private static List<String> expected(Predicate<InferenceRecord> filter) {
        return SEEDED.stream().filter(filter)
                     .sorted(Comparator.comparing(InferenceRecord::startedAt).thenComparing(InferenceRecord::id)
                                       .reversed())
                     .map(InferenceRecord::id).toList();
    }

    private static long count(Predicate<InferenceRecord> filter) {
        return SEEDED.stream().filter(filter).count();
    }

    private static JsonNode getJson(String path) throws Exception {
        final AggregatedHttpResponse answer = get(path);
        assertThat(answer.status().code()).as(path + ": " + answer.contentUtf8()).isEqualTo(200);
        return JSON.readTree(answer.contentUtf8());
    }

    private static AggregatedHttpResponse get(String path) {
        return WebClient.of(gateway.httpUri()).get(path).aggregate().join();
    }

    private static InferencesServiceGrpc.InferencesServiceBlockingStub stub() {
        return GrpcClients.newClient(gateway.httpUri(), InferencesServiceGrpc.InferencesServiceBlockingStub.class);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static InferenceRecord full() {
        return new InferenceRecord(
                "full-1", BASE.minusSeconds(1), null, "team-a", "openai", "chat", "chat", "cheap-first", "chat",
                "sim-2", "sim-echo", true, "OK", null, null, 1_500_000, 250_000L, 1_234, 100, 40, 64, 12, false,
                new BigDecimal("0.000123"), "stop", null, null, "{\"model\":\"chat\"}", "{\"choices\":[]}",
                null, null, List.of(), null,
                List.of(new AttemptRecord(1, "sim-1", "sim-echo", "failed", "rate_limited", "rate_limit_exceeded",
                                          80_000, 0, 429, "req_abc", null, List.of()),
                        new AttemptRecord(2, "sim-2", "sim-echo", "succeeded", null, null, 1_200_000, 100_000, 200,
                                          null, null, List.of())));
    }
}
