package dev.llmg.internal.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.tracking.UsageQuery.Bucket;
import dev.llmg.internal.tracking.UsageQuery.GroupBy;

/**
 * What the dashboard costs the database: the reports its overview page asks {@code GET /api/v1/usage} for on
 * every refresh (every 5 s over the last hour, every 30 s over a day or a week), and the first page of its
 * inferences page, on the store llmg runs by default: H2 in a file (in a temporary folder, with the default
 * URL's options), migrated by Flyway and filled through the store's own batch insert with {@code n} calls of
 * {@link SyntheticCalls}.
 *
 * <p>It lives in the tracking package (split across jars, on the class path) to reach package-private parts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UsageReportBenchmark {

    /** What the tracking writer writes in one transaction by default ({@code tracking.batch_size}). */
    private static final int BATCH = 500;
    /** The inferences page's page size ({@code InferenceRequests.DEFAULT_PAGE_SIZE}). */
    private static final int PAGE = 50;
    /** Long before every call of the benchmark: the table's changes are made there. */
    private static final Instant ANCIENT = Instant.parse("2000-01-01T00:00:00Z");

    /** How many calls the table holds. */
    @Param({"10000", "100000"})
    public int n;

    private Path folder;
    private Database database;
    private JdbiInferenceStore store;
    private InferenceFilter lastHour;
    private InferenceFilter lastWeek;
    private InferenceFilter unavailableOfOneModel;
    private SyntheticCalls ancientCalls;
    private boolean ancientStored;

    /** Creates the database and fills it; the reports then all end at the same {@code now}. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("llmg-jmh-usage");
        database = new Database(new StorageSettings(url(folder), "", "", 4, Duration.ofSeconds(5)));
        store = new JdbiInferenceStore(database);
        final Instant now = Instant.now();
        final SyntheticCalls calls = new SyntheticCalls(now, "req-");
        for (int written = 0; written < n; written += BATCH) {
            store.insert(calls.next(Math.min(BATCH, n - written)));
        }
        lastHour = new InferenceFilter(now.minus(SyntheticCalls.HOUR), now, null, null, null, null, null);
        lastWeek = new InferenceFilter(now.minus(SyntheticCalls.WEEK), now, null, null, null, null, null);
        unavailableOfOneModel = new InferenceFilter(null, null, "gpt-4o", null, "UNAVAILABLE", null, null);
        ancientCalls = new SyntheticCalls(ANCIENT.plus(SyntheticCalls.WEEK), "ancient-");
    }

    /**
     * Changes the table before every call, as the tracking writer does between two refreshes of a dashboard in
     * use: H2 hands a statement run again with the same arguments on an unchanged table its last result, without
     * reading anything (measured: 0.01 ms instead of hundreds), which a busy gateway never sees. It stores or
     * deletes (alternately) a call of a week long gone, which no report or first page here reads.
     */
    @Setup(Level.Invocation)
    public void touchTable() {
        if (ancientStored) {
            store.purgeBefore(ANCIENT.plus(SyntheticCalls.WEEK), 1);
        } else {
            store.insert(ancientCalls.next(1));
        }
        ancientStored = !ancientStored;
    }

    /** Closes the database and deletes its files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        database.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The production URL ({@link StorageSettings#DEFAULT_URL}) with its file in {@code folder}. */
    static String url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("llmg").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** One refresh of the overview over the last hour: by minute and model, the totals, by model. */
    @Benchmark
    public void overviewHour(Blackhole sink) {
        overview(lastHour, Bucket.MINUTE, sink);
    }

    /** One refresh of the overview over the last week: by hour and model, the totals, by model. */
    @Benchmark
    public void overviewWeek(Blackhole sink) {
        overview(lastWeek, Bucket.HOUR, sink);
    }

    /** The inferences page as it opens: the newest calls, unfiltered. */
    @Benchmark
    public InferencePage inferencesFirstPage() {
        return store.list(InferenceFilter.ALL, Optional.empty(), PAGE);
    }

    /** The inferences page filtered by a status and a model. */
    @Benchmark
    public InferencePage inferencesFilteredPage() {
        return store.list(unavailableOfOneModel, Optional.empty(), PAGE);
    }

    private void overview(InferenceFilter range, Bucket bucket, Blackhole sink) {
        final List<UsageRow> chart = store.usage(new UsageQuery(range, GroupBy.MODEL, bucket));
        final List<UsageRow> totals = store.usage(new UsageQuery(range, GroupBy.NONE, Bucket.NONE));
        final List<UsageRow> breakdown = store.usage(new UsageQuery(range, GroupBy.MODEL, Bucket.NONE));
        sink.consume(chart);
        sink.consume(totals);
        sink.consume(breakdown);
    }
}
