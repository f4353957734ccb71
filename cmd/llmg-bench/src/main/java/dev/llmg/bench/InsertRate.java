package dev.llmg.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.tracking.AttemptRecord;
import dev.llmg.internal.tracking.InferenceRecord;
import dev.llmg.internal.tracking.JdbiInferenceStore;

/**
 * Measures the sustained insert rate of {@link JdbiInferenceStore}: records stored per second in batches (500,
 * as {@code tracking.batch_size} defaults to), one batch after another on one thread, as the tracking writer
 * stores them. The records look like those of a successful, unstreamed chat call through llmg with one attempt
 * and no bodies ({@code tracking.capture_bodies} is off by default). Prints one line; asserts nothing.
 */
final class InsertRate {

    private final String db;
    private final String url;
    private final int records;
    private final int batch;
    private final int warmup;
    private final int attempts;

    private InsertRate(String db, String url, int records, int batch, int warmup, int attempts) {
        this.db = db;
        this.url = url;
        this.records = records;
        this.batch = batch;
        this.warmup = warmup;
        this.attempts = attempts;
    }

    /**
     * Runs {@code inserts --db h2|postgres [--url JDBC] [--records N] [--batch 500] [--warmup N] [--attempts 1]}:
     * H2 defaults to a file database in a temporary directory (deleted afterwards); PostgreSQL needs
     * {@code --url} to name an empty database.
     */
    static void run(Args options) throws IOException {
        final String db = options.string("db", "h2");
        final int records = options.integer("records", 100_000);
        final int batch = options.integer("batch", 500);
        final int warmup = options.integer("warmup", 20_000);
        final int attempts = options.integer("attempts", 1);
        switch (db) {
            case "h2" -> {
                if (options.flag("url")) {
                    new InsertRate(db, options.string("url", ""), records, batch, warmup, attempts).measure();
                    return;
                }
                final Path directory = Files.createTempDirectory("llmg-bench-h2");
                try {
                    final String url = "jdbc:h2:file:" + directory.resolve("llmg") + ";DB_CLOSE_ON_EXIT=FALSE";
                    new InsertRate(db, url, records, batch, warmup, attempts).measure();
                } finally {
                    deleteRecursively(directory);
                }
            }
            case "postgres" -> {
                if (!options.flag("url")) {
                    throw new IllegalArgumentException("inserts --db postgres needs --url jdbc:postgresql://...");
                }
                new InsertRate(db, options.string("url", ""), records, batch, warmup, attempts).measure();
            }
            default -> throw new IllegalArgumentException("--db must be h2 or postgres, not '" + db + '\'');
        }
    }

    private void measure() {
        // One connection is all the writer's single thread uses; the pool's size does not matter here.
        try (Database database = new Database(new StorageSettings(url, "", "", 2, Duration.ofSeconds(10)))) {
            final JdbiInferenceStore store = new JdbiInferenceStore(database);
            insert(store, "warm-", warmup); // migrates the schema, loads classes, warms the JIT and the database
            final long start = System.nanoTime();
            final long half = insert(store, "r-", records);
            final long end = System.nanoTime();
            final double seconds = (end - start) / 1e9;
            final double first = (records / 2) / ((half - start) / 1e9);
            final double second = (records - records / 2) / ((end - half) / 1e9);
            System.out.printf(Locale.ROOT,
                              "%-8s %,d records (%d attempt%s each) in batches of %d after %,d of warm-up: %.2f s, "
                              + "%,.0f records/s (first half %,.0f/s, second half %,.0f/s)%n",
                              db, records, attempts, attempts == 1 ? "" : "s", batch, warmup, seconds,
                              records / seconds, first, second);
        }
    }

    /** Inserts {@code count} records in batches; returns the time the first half was stored. */
    private long insert(JdbiInferenceStore store, String prefix, int count) {
        final Instant start = Instant.now();
        final List<InferenceRecord> pending = new ArrayList<>(batch);
        long half = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pending.add(record(prefix + UUID.randomUUID(), start.plusNanos(i * 1000L), i));
            if (pending.size() == batch || i == count - 1) {
                final int stored = store.insert(pending);
                if (stored != pending.size()) {
                    throw new IllegalStateException("stored " + stored + " of a batch of " + pending.size());
                }
                pending.clear();
                if (i < count / 2) {
                    half = System.nanoTime();
                }
            }
        }
        return half;
    }

    private InferenceRecord record(String id, Instant startedAt, int i) {
        final String model = "bench-" + (i % 3 == 0 ? "group-" : "") + "0ms";
        final List<AttemptRecord> tries = new ArrayList<>(attempts);
        for (int n = 1; n <= attempts; n++) {
            final boolean last = n == attempts;
            tries.add(new AttemptRecord(n, "stub0", "bench-model", last ? "succeeded" : "failed",
                                        last ? null : "unavailable", last ? null : "503 Service Unavailable",
                                        900 + i % 200, 0, last ? 200 : 503, "req-" + i + '-' + n, null,
                                        List.of()));
        }
        return new InferenceRecord(id, startedAt, null, "caller-" + i % 50, "openai", "chat", model, null, model,
                                   "stub0", "bench-model", false, "OK", null, null, 1_200 + i % 300, null,
                                   250 + i % 50, 12, 9, null, null, false, new BigDecimal("0.0000210000"),
                                   "stop", null, null, null, null, null, null, List.of(), null, tries);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
