package dev.llmg.internal.tracking;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.testing.PostgresServer;

/**
 * Prints how many records per second {@link JdbiInferenceStore#insert} stores in batches of 500, on an H2 file
 * and on PostgreSQL (a private server, with and without {@code fsync}). Not a test: it asserts nothing about
 * timings, which depend on the machine. Each record has two attempts and small bodies, as
 * {@link TestInferences#call} makes them. Run it from the repository root:
 *
 * <pre>
 * ./mvnw -B -ntp -o -q -pl internal -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/probe.classpath -Dmdep.includeScope=test
 * java -cp internal/target/test-classes:internal/target/classes:$(cat internal/target/probe.classpath) \
 *     dev.llmg.internal.tracking.InsertRateProbe [records] [h2|postgres|postgres-durable ...]
 * </pre>
 */
public final class InsertRateProbe {

    private static final int BATCH = 500;

    private InsertRateProbe() {}

    /** Runs the probe: {@code [records] [targets...]}, by default 100,000 records on every target. */
    public static void main(String[] args) throws Exception {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final List<String> targets = args.length > 1 ? List.of(args).subList(1, args.length)
                                                     : List.of("h2", "postgres", "postgres-durable");
        for (String target : targets) {
            switch (target) {
                case "h2": {
                    final Path directory = Files.createTempDirectory("llmg-h2-probe");
                    try {
                        probe(target, "jdbc:h2:file:" + directory.resolve("llmg") + ";DB_CLOSE_ON_EXIT=FALSE",
                              records);
                    } finally {
                        try (var files = Files.list(directory)) {
                            for (Path file : (Iterable<Path>) files::iterator) {
                                Files.deleteIfExists(file);
                            }
                        }
                        Files.deleteIfExists(directory);
                    }
                    break;
                }
                case "postgres":
                case "postgres-durable": {
                    try (PostgresServer server = PostgresServer.create("postgres-durable".equals(target))) {
                        server.start();
                        probe(target, server.newDatabase(), records);
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown target " + target);
            }
        }
    }

    private static void probe(String target, String url, int records) {
        try (Database database = new Database(new StorageSettings(url, "", "", 4, Duration.ofSeconds(5)))) {
            final JdbiInferenceStore store = new JdbiInferenceStore(database);
            insert(store, "warm-", 20_000);
            final long start = System.nanoTime();
            insert(store, "r-", records);
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-17s %,d records (%,d attempts) in batches of %d: %.1f s, %,.0f records/s%n",
                              target, records, records * 2L, BATCH, seconds, records / seconds);
        }
    }

    private static void insert(JdbiInferenceStore store, String prefix, int count) {
        final Instant start = Instant.now();
        final List<InferenceRecord> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < count; i++) {
            batch.add(TestInferences.call(prefix + i, start.plusNanos(i * 1000L)).caller("caller-" + (i % 50))
                                    .model(i % 3 == 0 ? "embed" : "chat").build());
            if (batch.size() == BATCH || i == count - 1) {
                store.insert(batch);
                batch.clear();
            }
        }
    }
}
