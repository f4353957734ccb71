package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetInferenceResponse;
import dev.llmg.api.gateway.v1.InferencesServiceGrpc;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.ListInferencesResponse;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.internal.api.json.StrictGrpcJsonMarshaller;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.tracking.TrackingSettings;
import dev.llmg.internal.tracking.TrackingStatus;
import dev.llmg.internal.tracking.InferenceCursor;
import dev.llmg.internal.tracking.InferenceFilter;
import dev.llmg.internal.tracking.InferencePage;
import dev.llmg.internal.tracking.InferenceRecord;
import dev.llmg.internal.tracking.InferenceStore;
import dev.llmg.internal.tracking.UsageQuery;
import dev.llmg.internal.tracking.UsageRow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The service as Armeria serves it, with llmg's error mapping and JSON transcoding, over a small in-memory
 * store: what runs where, how REST query parameters (timestamps, enums) arrive, and how store failures read.
 * The real store, on H2, is exercised end to end by {@code InferencesApiTest} in cmd/llmg.
 */
class InferencesGrpcServiceTest {

    /** This gateway records nothing: the service only reads. */
    private static final TrackingStatus UNTRACKED = new TrackingStatus(
            TrackingSettings.from(new ConfigLoader(Map.of()).parse("tracking: {enabled: false}\n")),
            () -> { throw new AssertionError("no writer when tracking is off"); });


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MemoryStore store = new MemoryStore();

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service(GrpcService.builder().addService(new InferencesGrpcService(Optional.of(store), UNTRACKED))
                                  .enableHttpJsonTranscoding(true)
                                  .jsonMarshallerFactory(StrictGrpcJsonMarshaller.factory())
                                  .exceptionHandler(new GrpcErrorMapper())
                                  .httpJsonTranscodingErrorHandler(new TranscodingErrorJson()).build());
        }
    };

    @BeforeEach
    void reset() {
        store.records.clear();
        store.threads.clear();
        store.failure = null;
        for (int i = 1; i <= 5; i++) {
            store.records.add(record("req-" + i, Instant.parse("2026-12-01T00:00:00Z").plusSeconds(i)));
        }
    }

    @Test
    void theStoreIsNeverAskedOnAnEventLoop() {
        stub().listInferences(ListInferencesRequest.getDefaultInstance());
        get("/api/v1/inferences/req-1");
        get("/api/v1/usage");

        assertThat(store.threads).hasSize(3).allSatisfy(onEventLoop -> assertThat(onEventLoop).isFalse());
    }

    @Test
    void pagesWalkEveryRecordNewestFirstOverGrpc() {
        final List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            final ListInferencesResponse page = stub().listInferences(ListInferencesRequest.newBuilder().setPage(
                    PageRequest.newBuilder().setPageSize(2).setPageToken(token)).build());
            page.getInferencesList().forEach(inference -> seen.add(inference.getId()));
            assertThat(page.getPage().getTotalSize()).as("never counted").isZero();
            token = page.getPage().getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertThat(seen).containsExactly("req-5", "req-4", "req-3", "req-2", "req-1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void restQueryParametersCarryTimestampsStatusAndPage() throws Exception {
        final AggregatedHttpResponse answer = get("/api/v1/inferences?start_time=2026-12-01T00:00:02Z"
                                                  + "&end_time=2026-12-01T00:00:05Z&status=ok&page.page_size=2");

        assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(200);
        final JsonNode body = JSON.readTree(answer.contentUtf8());
        assertThat(body.path("inferences").findValuesAsText("id")).containsExactly("req-4", "req-3");
        assertThat(body.path("inferences").get(0).path("startTime").asText()).isEqualTo("2026-12-01T00:00:04Z");
        assertThat(body.path("inferences").get(0).path("costUsd").asDouble()).isEqualTo(0.5);
        final InferenceFilter filter = store.lastFilter.get();
        assertThat(filter.from()).isEqualTo(Instant.parse("2026-12-01T00:00:02Z"));
        assertThat(filter.to()).isEqualTo(Instant.parse("2026-12-01T00:00:05Z"));
        assertThat(filter.status()).isEqualTo("OK");
        assertThat(filter.tenant()).as("no tenancy yet").isNull();
        final String next = body.path("page").path("nextPageToken").asText();
        assertThat(InferenceCursor.parse(next)).isPresent();
    }

    @Test
    void usageReadsItsEnumsByNameOverRest() throws Exception {
        final AggregatedHttpResponse answer = get("/api/v1/usage?group_by=USAGE_GROUP_BY_MODEL"
                                                  + "&bucket=USAGE_BUCKET_DAY&start_time=2026-12-01T00:00:00Z"
                                                  + "&end_time=2026-12-03T00:00:00Z&provider=simulator");

        assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(200);
        final UsageQuery query = store.lastUsage.get();
        assertThat(query.groupBy()).isEqualTo(UsageQuery.GroupBy.MODEL);
        assertThat(query.bucket()).isEqualTo(UsageQuery.Bucket.DAY);
        assertThat(query.filter().provider()).isEqualTo("simulator");
        final JsonNode body = JSON.readTree(answer.contentUtf8());
        assertThat(body.path("startTime").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(body.path("endTime").asText()).isEqualTo("2026-12-03T00:00:00Z");
        assertThat(body.path("rows").get(0).path("key").asText()).isEqualTo("MODEL");
        assertThat(body.path("rows").get(0).path("requests").asText()).as("int64 prints as a string").isEqualTo("3");
        assertThat(body.path("rows").get(0).path("latencyP95").asText()).isEqualTo("0.250s");
    }

    @Test
    void anUnknownIdIsNotFoundOnBothDoors() throws Exception {
        assertThatThrownBy(() -> stub().getInference(GetInferenceRequest.newBuilder().setId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("no inference with id 'nope'");
                });

        final AggregatedHttpResponse answer = get("/api/v1/inferences/nope");
        assertThat(answer.status().code()).isEqualTo(404);
        final JsonNode error = JSON.readTree(answer.contentUtf8());
        assertThat(error.path("grpc-code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.path("message").asText()).isEqualTo("no inference with id 'nope'");

        final GetInferenceResponse found = stub().getInference(GetInferenceRequest.newBuilder().setId("req-3").build());
        assertThat(found.getInference().getId()).isEqualTo("req-3");
    }

    @Test
    void badRequestsAreRefusedWithTheFieldToFix() throws Exception {
        assertBadRequest("/api/v1/inferences?page.page_size=-1", "page.page_size", "must not be negative");
        assertBadRequest("/api/v1/inferences?page.page_token=bogus", "page.page_token", "not a token");
        assertBadRequest("/api/v1/inferences?start_time=2026-12-02T00:00:00Z&end_time=2026-12-01T00:00:00Z",
                         "end_time", "is before start_time");
        assertBadRequest("/api/v1/usage?start_time=2020-01-01T00:00:00Z&end_time=2026-01-01T00:00:00Z",
                         "start_time", "at most 366 days");
        assertBadRequest("/api/v1/inferences?status=FINE", "status", "gRPC status code name");
        assertThat(store.threads).as("the store is not asked for a bad request").isEmpty();
    }

    @Test
    void aFailingStoreIsUnavailableWithoutItsWords() throws Exception {
        store.failure = new IllegalStateException("Connection to db.internal:5432 refused");

        assertThatThrownBy(() -> stub().listInferences(ListInferencesRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).isEqualTo("the inference database is unavailable");
                });
        final AggregatedHttpResponse answer = get("/api/v1/usage");
        assertThat(answer.status().code()).isEqualTo(503);
        assertThat(answer.contentUtf8()).doesNotContain("db.internal");
    }

    @Test
    void aGatewayWithoutAStoreSaysSo() {
        final InferencesGrpcService service = new InferencesGrpcService(Optional.empty(), UNTRACKED);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (var ignored = ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, "/api/v1/inferences")).push()) {
            service.listInferences(ListInferencesRequest.getDefaultInstance(), new StreamObserver<>() {
                @Override
                public void onNext(ListInferencesResponse value) {}

                @Override
                public void onError(Throwable t) {
                    failure.set(t);
                }

                @Override
                public void onCompleted() {}
            });
        }
        final com.google.rpc.Status status = ErrorStatus.of(failure.get()).orElseThrow();
        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION.value());
        assertThat(status.getMessage()).contains("keeps no inference records");
    }

    private static void assertBadRequest(String path, String field, String message) throws Exception {
        final AggregatedHttpResponse answer = get(path);
        assertThat(answer.status().code()).as(path + ": " + answer.contentUtf8()).isEqualTo(400);
        final JsonNode error = JSON.readTree(answer.contentUtf8());
        assertThat(error.path("grpc-code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.path("message").asText()).contains(message);
        assertThat(error.path("details").get(0).path("field").asText()).isEqualTo(field);
    }

    private static AggregatedHttpResponse get(String path) {
        return WebClient.of(server.httpUri()).get(path).aggregate().join();
    }

    private static InferencesServiceGrpc.InferencesServiceBlockingStub stub() {
        return GrpcClients.newClient(server.httpUri(), InferencesServiceGrpc.InferencesServiceBlockingStub.class);
    }

    private static InferenceRecord record(String id, Instant startedAt) {
        return new InferenceRecord(id, startedAt, null, "team-a", "grpc", "chat", "sim-echo", null, "sim-echo",
                                   "simulator", "sim-echo", false, "OK", null, null, 1000, null, 100, 3, 2, null,
                                   null, false, new BigDecimal("0.5"), "stop", null, null, null, null, null, null,
                                   List.of(), null, List.of());
    }

    /** Keeps records in a list and pages them newest first, as the real store does with its keyset. */
    private static final class MemoryStore implements InferenceStore {

        private static final Comparator<InferenceRecord> NEWEST_FIRST =
                Comparator.comparing(InferenceRecord::startedAt).thenComparing(InferenceRecord::id).reversed();

        final List<InferenceRecord> records = new CopyOnWriteArrayList<>();
        /** Whether each call to the store ran on an event loop. */
        final List<Boolean> threads = new CopyOnWriteArrayList<>();
        final AtomicReference<InferenceFilter> lastFilter = new AtomicReference<>();
        final AtomicReference<UsageQuery> lastUsage = new AtomicReference<>();
        volatile RuntimeException failure;

        @Override
        public int insert(List<InferenceRecord> batch) {
            records.addAll(batch);
            return batch.size();
        }

        @Override
        public Optional<InferenceRecord> find(String id, String tenant) {
            called();
            return records.stream().filter(record -> record.id().equals(id)).findFirst();
        }

        @Override
        public InferencePage list(InferenceFilter filter, Optional<InferenceCursor> after, int pageSize) {
            called();
            lastFilter.set(filter);
            final List<InferenceRecord> matching = records.stream().filter(record -> matches(filter, record))
                    .filter(record -> after.isEmpty() || NEWEST_FIRST.compare(record, probe(after.get())) > 0)
                    .sorted(NEWEST_FIRST).limit(pageSize + 1L).toList();
            final List<InferenceRecord> page = matching.subList(0, Math.min(pageSize, matching.size()));
            return new InferencePage(page, matching.size() > pageSize
                                           ? Optional.of(InferenceCursor.after(page.get(page.size() - 1)))
                                           : Optional.empty());
        }

        @Override
        public List<UsageRow> usage(UsageQuery query) {
            called();
            lastUsage.set(query);
            return List.of(new UsageRow(query.filter().from(), query.groupBy().name(), 3, 1, 30, 20, 0, 0,
                                        new BigDecimal("0.75"), 100, 250, 300));
        }

        @Override
        public int purgeBefore(Instant cutoff, int limit) {
            return 0;
        }

        private void called() {
            threads.add(ServiceRequestContext.current().eventLoop().inEventLoop());
            if (failure != null) {
                throw failure;
            }
        }

        private static boolean matches(InferenceFilter filter, InferenceRecord record) {
            return (filter.from() == null || !record.startedAt().isBefore(filter.from()))
                   && (filter.to() == null || record.startedAt().isBefore(filter.to()))
                   && (filter.status() == null || filter.status().equals(record.status()));
        }

        private static InferenceRecord probe(InferenceCursor cursor) {
            return record(cursor.id(), cursor.startedAt());
        }
    }
}
