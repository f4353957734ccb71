package dev.llmg.internal.tracking;

import static dev.llmg.internal.tracking.TestInferences.bare;
import static dev.llmg.internal.tracking.TestInferences.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.testing.PostgresServer;
import dev.llmg.internal.tracking.UsageQuery.Bucket;
import dev.llmg.internal.tracking.UsageQuery.GroupBy;

/** Runs every store test on H2 and on a real PostgreSQL, which must answer alike. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = { "h2", "postgres" })
class JdbiInferenceStoreTest {

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @Parameter
    String backend;

    private String url;
    private Database database;
    private JdbiInferenceStore store;

    @BeforeEach
    void open() {
        url = "postgres".equals(backend)
              ? PostgresServer.shared().newDatabase()
              : "jdbc:h2:mem:store" + H2_DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        database = new Database(new StorageSettings(url, "", "", 4, Duration.ofSeconds(5)));
        store = new JdbiInferenceStore(database);
    }

    @AfterEach
    void close() {
        if (!database.isPostgres()) {
            // DB_CLOSE_DELAY=-1 keeps an in-memory database after its last connection: free it.
            database.withHandle(handle -> handle.execute("DROP ALL OBJECTS"));
        }
        database.close();
    }

    @Test
    void migratesAnEmptyDatabaseOnFirstUse() {
        assertThat(store.list(InferenceFilter.ALL, Optional.empty(), 10).records()).isEmpty();
        assertThat(count("inferences")).isZero();
        assertThat(count("inference_attempts")).isZero();
    }

    @Test
    void readsBackEveryFieldToTheMicrosecond() {
        final InferenceRecord full = call("full", T0).tenant("acme").build();
        final InferenceRecord empty = bare("bare", Instant.parse("2026-03-01T10:15:31.000001Z"));

        assertThat(store.insert(List.of(full, empty))).isEqualTo(2);

        final InferenceRecord found = store.find("full", null).orElseThrow();
        assertThat(found.startedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
        assertThat(found).usingRecursiveComparison()
                         .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                         .isEqualTo(withStart(full, found.startedAt()));
        assertThat(found.attempts()).extracting(AttemptRecord::number).containsExactly(1, 2);
        assertThat(found.requestBody()).contains("héllo ✓");
        assertThat(store.find("bare", null)).contains(empty);
    }

    @Test
    void valuesWiderThanTheirColumnsAreCutNotRefused() {
        final String model = "m".repeat(10_000); // callers name the model: it may be any length
        assertThat(store.insert(List.of(call("wide", T0).model(model).build()))).isEqualTo(1);
        assertThat(store.find("wide", null).orElseThrow().requestedModel()).isEqualTo("m".repeat(255));
    }

    @Test
    void keepsHowStructuredAnswersWereCheckedPerCallAndAttempt() {
        final InferenceRecord checked = call("checked", T0)
                .structured("invalid", "strict", List.of("code_fence", "truncated"), 2)
                .attempts(new AttemptRecord(1, "openai", "gpt-4o-mini", "rejected", "unavailable",
                                            "structured_output_invalid", 40_000, 0, 200, "req-1", "invalid",
                                            List.of("$.age: must be an integer", "choice 1: $: required 'name'")),
                          new AttemptRecord(2, "openai", "gpt-4o-mini", "rejected", "unavailable",
                                            "structured_output_invalid", 45_000, 0, 200, "req-2", "invalid",
                                            List.of("$: the text ended inside the value")))
                .failed("UNAVAILABLE").build();
        final InferenceRecord unasked = call("unasked", T0.plusSeconds(1)).structured(null, null, List.of(), null)
                                                                          .build();
        store.insert(List.of(checked, unasked));

        final InferenceRecord found = store.find("checked", null).orElseThrow();
        assertThat(found).usingRecursiveComparison()
                         .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                         .isEqualTo(withStart(checked, found.startedAt()));
        assertThat(found.attempts().get(0).structuredErrors()).hasSize(2);
        final InferenceRecord listed = store.list(InferenceFilter.ALL, Optional.empty(), 10).records().get(1);
        assertThat(listed.id()).isEqualTo("checked");
        assertThat(listed.structuredStatus()).isEqualTo("invalid");
        assertThat(listed.structuredPolicy()).isEqualTo("strict");
        assertThat(listed.structuredRepairs()).containsExactly("code_fence", "truncated");
        assertThat(listed.structuredCorrections()).isEqualTo(2);
        final InferenceRecord none = store.find("unasked", null).orElseThrow();
        assertThat(none.structuredStatus()).isNull();
        assertThat(none.structuredPolicy()).isNull();
        assertThat(none.structuredRepairs()).isEmpty();
        assertThat(none.structuredCorrections()).isNull();
        assertThat(none.attempts().get(0).structuredStatus()).isNull();
        assertThat(none.attempts().get(0).structuredErrors()).isEmpty();
    }

    @Test
    void structuredListsWiderThanTheirColumnsKeepWholeItems() {
        final List<String> repairs = IntStream.range(0, 40).mapToObj(i -> "repair_" + i).toList();
        store.insert(List.of(call("wide", T0).structured("repaired-and-more", "retry", repairs, 1).build()));

        final InferenceRecord found = store.find("wide", null).orElseThrow();
        assertThat(found.structuredStatus()).isEqualTo("repaired-and-mor");
        assertThat(String.join(",", found.structuredRepairs())).hasSizeLessThanOrEqualTo(255);
        assertThat(found.structuredRepairs()).as("whole names, in order, cut at a comma")
                                             .hasSizeBetween(1, repairs.size() - 1)
                                             .isEqualTo(repairs.subList(0, found.structuredRepairs().size()));
    }

    @Test
    void findsWithinATenantOnly() {
        store.insert(List.of(call("a", T0).tenant("acme").build()));

        assertThat(store.find("a", "acme")).isPresent();
        assertThat(store.find("a", "globex")).isEmpty();
        assertThat(store.find("missing", null)).isEmpty();
    }

    @Test
    void storesAReplayedBatchOnce() {
        final List<InferenceRecord> batch = List.of(call("a", T0).build(), call("b", T0).build());
        assertThat(store.insert(batch)).isEqualTo(2);

        assertThat(store.insert(batch)).isZero();
        assertThat(store.insert(List.of(call("b", T0).build(), call("c", T0).build(), call("c", T0).build())))
                .isEqualTo(1);
        assertThat(store.insert(List.of())).isZero();

        assertThat(count("inferences")).isEqualTo(3);
        assertThat(count("inference_attempts")).isEqualTo(6);
    }

    @Test
    void pagesNewestFirstThroughTiesExactlyOnce() {
        final List<InferenceRecord> records = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Three calls per instant: only the id orders them.
            records.add(call(String.format("id-%02d", (i * 7) % 25), T0.plusMillis(i / 3)).build());
        }
        store.insert(records);

        final List<InferenceRecord> seen = new ArrayList<>();
        Optional<InferenceCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            final InferencePage page = store.list(InferenceFilter.ALL, cursor, 4);
            assertThat(page.records()).hasSizeLessThanOrEqualTo(4)
                                      .allSatisfy(r -> {
                                          assertThat(r.attempts()).isEmpty();
                                          assertThat(r.requestBody()).isNull();
                                          assertThat(r.responseBody()).isNull();
                                      });
            seen.addAll(page.records());
            // The cursor travels as a token, as it does through the API.
            cursor = page.next().map(c -> InferenceCursor.parse(c.token()).orElseThrow());
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(7);
        assertThat(seen).extracting(InferenceRecord::id)
                        .containsExactlyElementsOf(records.stream()
                                                          .sorted(Comparator.comparing(InferenceRecord::startedAt)
                                                                            .thenComparing(InferenceRecord::id)
                                                                            .reversed())
                                                          .map(InferenceRecord::id)
                                                          .collect(Collectors.toList()));
        assertThat(store.list(InferenceFilter.ALL, Optional.empty(), 25).next()).isEmpty();
    }

    @Test
    void filtersByEachPart() {
        store.insert(List.of(
                call("1", T0).model("chat").provider("openai").caller("alice").tenant("acme").build(),
                call("2", T0.plusSeconds(60)).model("embed").provider("azure").caller("bob").build(),
                call("3", T0.plusSeconds(120)).model("chat").provider(null).failed("UNAVAILABLE")
                                              .structured("invalid", "strict", List.of(), 0).build(),
                call("4", T0.plusSeconds(180)).model("chat").provider("azure").caller("bob").tenant("acme")
                                              .structured(null, null, List.of(), null).build()));

        assertThat(ids(new InferenceFilter(null, null, "chat", null, null, null, null))).containsExactly("4", "3", "1");
        assertThat(ids(new InferenceFilter(null, null, null, "azure", null, null, null))).containsExactly("4", "2");
        assertThat(ids(new InferenceFilter(null, null, null, null, "UNAVAILABLE", null, null))).containsExactly("3");
        assertThat(ids(new InferenceFilter(null, null, null, null, "OK", "bob", null))).containsExactly("4", "2");
        assertThat(ids(new InferenceFilter(null, null, null, null, null, null, "acme"))).containsExactly("4", "1");
        assertThat(ids(new InferenceFilter(T0.plusSeconds(60), T0.plusSeconds(180), null, null, null, null, null)))
                .containsExactly("3", "2");
        assertThat(ids(new InferenceFilter(null, null, "chat", "azure", "OK", "bob", "acme"))).containsExactly("4");
        assertThat(ids(new InferenceFilter(null, null, null, null, null, null, null, "invalid"))).containsExactly("3");
        assertThat(ids(new InferenceFilter(null, null, null, null, null, null, null, "repaired")))
                .containsExactly("2", "1");
    }

    @Test
    void sumsUsageByModelPerHour() {
        final Instant hour = Instant.parse("2026-03-01T10:00:00Z");
        store.insert(List.of(
                call("1", hour.plusSeconds(10)).model("chat").latencyMicros(100_000).cost("0.5").build(),
                call("2", hour.plusSeconds(20)).model("chat").latencyMicros(300_000).cost(null)
                                               .tokens(null, null, null, null).failed("UNAVAILABLE").build(),
                call("3", hour.plusSeconds(30)).model("embed").latencyMicros(50_000).cost(null).build(),
                call("4", hour.plusSeconds(3600)).model("chat").latencyMicros(200_000).cost("0.25").build(),
                // Outside the range.
                call("5", hour.minusSeconds(1)).model("chat").build()));

        final List<UsageRow> rows = store.usage(new UsageQuery(
                new InferenceFilter(hour, hour.plus(1, ChronoUnit.DAYS), null, null, null, null, null),
                GroupBy.MODEL, Bucket.HOUR));

        assertThat(rows).extracting(UsageRow::bucketStart, UsageRow::key, UsageRow::requests, UsageRow::errors)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(hour, "chat", 2L, 1L),
                                         org.assertj.core.groups.Tuple.tuple(hour, "embed", 1L, 0L),
                                         org.assertj.core.groups.Tuple.tuple(hour.plusSeconds(3600), "chat", 1L, 0L));
        final UsageRow first = rows.get(0);
        assertThat(first.inputTokens()).isEqualTo(10);
        assertThat(first.outputTokens()).isEqualTo(20);
        assertThat(first.cachedInputTokens()).isEqualTo(2);
        assertThat(first.reasoningTokens()).isZero();
        assertThat(first.costUsd()).isEqualByComparingTo("0.5");
        assertThat(first.latencyP50Millis()).isEqualTo(200.0, within(1e-9));
        assertThat(rows.get(1).costUsd()).isEqualByComparingTo("0");
        assertThat(rows.get(2).costUsd()).isEqualByComparingTo("0.25");
    }

    @Test
    void interpolatesLatencyPercentiles() {
        // 1 ms .. 100 ms: PERCENTILE_CONT interpolates between the two nearest calls.
        store.insert(IntStream.rangeClosed(1, 100)
                              .mapToObj(i -> call("c" + i, T0.plusMillis(i)).latencyMicros(i * 1000L).build())
                              .collect(Collectors.toList()));

        final List<UsageRow> rows = store.usage(new UsageQuery(InferenceFilter.ALL, GroupBy.NONE, Bucket.NONE));

        assertThat(rows).hasSize(1);
        final UsageRow row = rows.get(0);
        assertThat(row.bucketStart()).isNull();
        assertThat(row.key()).isNull();
        assertThat(row.requests()).isEqualTo(100);
        assertThat(row.latencyP50Millis()).isEqualTo(50.5, within(1e-9));
        assertThat(row.latencyP95Millis()).isEqualTo(95.05, within(1e-9));
        assertThat(row.latencyP99Millis()).isEqualTo(99.01, within(1e-9));
        assertThat(row.costUsd()).isEqualByComparingTo("0.1234500");
    }

    @Test
    void sumsUsagePerMinuteWithFirstPieceOverheadRetriesAndFallbacks() {
        final Instant minute = Instant.parse("2026-03-01T10:15:00Z");
        store.insert(List.of(
                call("1", minute.plusSeconds(1)).streamed(true, 10_000L).overheadMicros(100)
                                                .attempts(attempt(1, "succeeded")).build(),
                call("2", minute.plusSeconds(2)).streamed(true, 30_000L).overheadMicros(300)
                                                .attempts(attempt(1, "failed"), attempt(2, "succeeded"))
                                                .fellBack(true).build(),
                // Streamed, but no piece came: left out of the first piece percentiles.
                call("3", minute.plusSeconds(3)).streamed(true, null).overheadMicros(200).failed("UNAVAILABLE")
                                                .attempts(attempt(1, "failed"), attempt(2, "failed"),
                                                          attempt(3, "failed")).build(),
                // Not streamed: no first piece, counted everywhere else.
                call("4", minute.plusSeconds(59)).streamed(false, null).overheadMicros(400)
                                                 .attempts(attempt(1, "succeeded")).build(),
                // The next minute: one call, unstreamed, one attempt.
                call("5", minute.plusSeconds(60)).streamed(false, null).overheadMicros(50)
                                                 .attempts(attempt(1, "succeeded")).build()));

        final List<UsageRow> rows = store.usage(new UsageQuery(
                new InferenceFilter(minute, minute.plus(1, ChronoUnit.HOURS), null, null, null, null, null),
                GroupBy.NONE, Bucket.MINUTE));

        assertThat(rows).extracting(UsageRow::bucketStart, UsageRow::requests, UsageRow::streamed,
                                    UsageRow::retries, UsageRow::fallbacks)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(minute, 4L, 3L, 3L, 1L),
                                         org.assertj.core.groups.Tuple.tuple(minute.plusSeconds(60), 1L, 0L, 0L, 0L));
        final UsageRow first = rows.get(0);
        assertThat(first.firstPiece().p50Millis()).isEqualTo(20.0, within(1e-9));
        assertThat(first.firstPiece().p95Millis()).isEqualTo(29.0, within(1e-9));
        assertThat(first.firstPiece().p99Millis()).isEqualTo(29.8, within(1e-9));
        assertThat(first.overhead().p50Millis()).isEqualTo(0.25, within(1e-9));
        assertThat(first.overhead().p95Millis()).isEqualTo(0.385, within(1e-9));
        assertThat(first.overhead().p99Millis()).isEqualTo(0.397, within(1e-9));
        assertThat(rows.get(1).firstPiece().known()).isFalse();
        assertThat(rows.get(1).overhead().p50Millis()).isEqualTo(0.05, within(1e-9));
        assertThat(store.find("2", null).orElseThrow().fellBack()).isTrue();
        assertThat(store.find("1", null).orElseThrow().fellBack()).isFalse();
        final int attempts = database.withHandle(handle -> handle.createQuery(
                "SELECT attempt_count FROM inferences WHERE id = '3'").mapTo(Integer.class).one());
        assertThat(attempts).isEqualTo(3);
    }

    @Test
    void callsRecordedBeforeV10CountTheirAttemptsButNoFallback() throws Exception {
        // The schema as it was before V10, and a call written then: three attempts, its columns unknown yet.
        Flyway.configure().dataSource(url, null, null).locations("classpath:dev/llmg/internal/storage/migration")
              .target("9").load().migrate();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO inferences (id, started_at, caller, surface, operation, requested_model, "
                              + "streamed, status, latency_micros, overhead_micros, tokens_estimated) VALUES ('old', "
                              + "TIMESTAMP WITH TIME ZONE '2026-03-01 10:00:00+00', 'alice', 'grpc', 'chat', 'chat', "
                              + "FALSE, 'OK', 1000, 100, FALSE)");
            for (int number = 1; number <= 3; number++) {
                statement.execute("INSERT INTO inference_attempts (inference_id, number, provider, model, outcome, "
                                  + "latency_micros, backoff_micros, provider_status) VALUES ('old', " + number
                                  + ", 'openai', 'gpt-4o-mini', 'failed', 10, 0, 503)");
            }
        }

        final List<UsageRow> rows = store.usage(new UsageQuery(InferenceFilter.ALL, GroupBy.NONE, Bucket.NONE));

        assertThat(rows).extracting(UsageRow::requests, UsageRow::retries, UsageRow::fallbacks)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 2L, 0L));
        assertThat(store.find("old", null).orElseThrow().fellBack()).isFalse();
    }

    private static AttemptRecord attempt(int number, String outcome) {
        return new AttemptRecord(number, "openai", "gpt-4o-mini", outcome, null, null, 1_000, 0, 200, null, null,
                                 List.of());
    }

    @Test
    void groupsUsageByProviderAndCallerPerDayInUtc() {
        final Instant day = Instant.parse("2026-03-01T00:00:00Z");
        store.insert(List.of(
                call("1", day.plusSeconds(1)).provider("openai").caller("alice").build(),
                call("2", day.plusSeconds(86_399)).provider("azure").caller("alice").build(),
                call("3", day.plusSeconds(86_400)).provider(null).caller("bob").failed("INVALID_ARGUMENT").build()));

        assertThat(store.usage(new UsageQuery(InferenceFilter.ALL, GroupBy.PROVIDER, Bucket.DAY)))
                .extracting(UsageRow::bucketStart, UsageRow::key, UsageRow::requests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day, "azure", 1L),
                                 org.assertj.core.groups.Tuple.tuple(day, "openai", 1L),
                                 org.assertj.core.groups.Tuple.tuple(day.plusSeconds(86_400), null, 1L));
        assertThat(store.usage(new UsageQuery(InferenceFilter.ALL, GroupBy.CALLER, Bucket.NONE)))
                .extracting(UsageRow::key, UsageRow::requests, UsageRow::errors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 2L, 0L),
                                 org.assertj.core.groups.Tuple.tuple("bob", 1L, 1L));
        assertThat(store.usage(new UsageQuery(
                new InferenceFilter(null, null, null, null, null, "nobody", null), GroupBy.NONE, Bucket.NONE)))
                .isEmpty();
    }

    @Test
    void purgesTheOldestCallsInBatches() {
        final Instant cutoff = T0.plusSeconds(100);
        final List<InferenceRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(call("old-" + i, T0.plusSeconds(i)).build());
        }
        for (int i = 0; i < 5; i++) {
            records.add(call("new-" + i, cutoff.plusSeconds(i)).build());
        }
        records.add(bare("old-bare", T0.minusSeconds(1)));
        store.insert(records);

        assertThat(store.purgeBefore(cutoff, 4)).isEqualTo(4);
        assertThat(store.find("old-bare", null)).isEmpty();
        assertThat(store.find("old-3", null)).isPresent();
        assertThat(store.purgeBefore(cutoff, 4)).isEqualTo(4);
        assertThat(store.purgeBefore(cutoff, 4)).isEqualTo(3);
        assertThat(store.purgeBefore(cutoff, 4)).isZero();

        assertThat(ids(InferenceFilter.ALL)).containsExactly("new-4", "new-3", "new-2", "new-1", "new-0");
        assertThat(count("inference_attempts")).isEqualTo(10);
    }

    private List<String> ids(InferenceFilter filter) {
        return store.list(filter, Optional.empty(), 100).records().stream().map(InferenceRecord::id)
                    .collect(Collectors.toList());
    }

    private long count(String table) {
        return database.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table)
                                                   .mapTo(Long.class).one());
    }

    private static InferenceRecord withStart(InferenceRecord r, Instant startedAt) {
        return new InferenceRecord(r.id(), startedAt, r.tenant(), r.caller(), r.surface(), r.operation(),
                                   r.requestedModel(), r.rule(), r.group(), r.provider(), r.model(), r.streamed(),
                                   r.status(), r.errorKind(), r.errorMessage(), r.latencyMicros(),
                                   r.firstPieceMicros(), r.overheadMicros(), r.inputTokens(), r.outputTokens(),
                                   r.cachedInputTokens(), r.reasoningTokens(), r.tokensEstimated(), r.costUsd(),
                                   r.finishReason(), r.traceId(), r.conversationId(), r.instructionName(),
                                   r.instructionVersion(), r.requestBody(),
                                   r.responseBody(), r.structuredStatus(), r.structuredPolicy(), r.structuredRepairs(),
                                   r.structuredCorrections(), r.attempts());
    }
}
