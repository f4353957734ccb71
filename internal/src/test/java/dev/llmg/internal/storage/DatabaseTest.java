package dev.llmg.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.testing.PostgresServer;
import dev.llmg.internal.tracking.InferenceRecord;
import dev.llmg.internal.tracking.JdbiInferenceStore;
import dev.llmg.internal.tracking.TestInferences;

class DatabaseTest {

    @Test
    void migratesOnFirstUseAndOnce() throws Exception {
        final String url = "jdbc:h2:mem:lazy;DB_CLOSE_DELAY=-1";
        try (Connection outside = DriverManager.getConnection(url);
             Database database = new Database(settings(url, Duration.ofSeconds(5)))) {
            assertThat(tables(outside)).doesNotContain("inferences", "flyway_schema_history");

            database.jdbi();
            database.jdbi();

            assertThat(tables(outside)).contains("inferences", "inference_attempts", "flyway_schema_history");
            try (ResultSet rs = outside.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL' AND \"success\"")) {
                rs.next();
                assertThat(rs.getInt(1)).as("every migration, each once").isEqualTo(migrationsShipped());
            }
            outside.createStatement().execute("DROP ALL OBJECTS");
        }
    }

    @Test
    void upgradesAVersion1H2DatabaseKeepingItsCalls() throws SQLException {
        final String url = "jdbc:h2:mem:upgrade;DB_CLOSE_DELAY=-1";
        try (Connection keepAlive = DriverManager.getConnection(url)) {
            upgradesFromVersion1(url);
            keepAlive.createStatement().execute("DROP ALL OBJECTS");
        }
    }

    @Test
    void upgradesAVersion1PostgresDatabaseKeepingItsCalls() {
        upgradesFromVersion1(PostgresServer.shared().newDatabase());
    }

    /** Migrates {@code url} to V1 only, writes a call as V1 had it, then lets the database migrate the rest. */
    private static void upgradesFromVersion1(String url) {
        Flyway.configure().dataSource(url, "", "").locations(Database.MIGRATIONS).target("1").load().migrate();
        try (Connection v1 = DriverManager.getConnection(url)) {
            v1.createStatement().execute(
                    "INSERT INTO inferences (id, started_at, caller, surface, operation, requested_model, streamed, "
                    + "status, latency_micros, overhead_micros, tokens_estimated) VALUES ('old', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', 'alice', 'grpc', 'chat', 'chat', FALSE, "
                    + "'OK', 10, 5, FALSE)");
            v1.createStatement().execute(
                    "INSERT INTO inference_attempts (inference_id, number, provider, model, outcome, latency_micros, "
                    + "backoff_micros, provider_status) VALUES ('old', 1, 'openai', 'gpt-4o-mini', 'succeeded', 9, 0, "
                    + "200)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        try (Database database = new Database(settings(url, Duration.ofSeconds(5)))) {
            final InferenceRecord old = new JdbiInferenceStore(database).find("old", null).orElseThrow();

            assertThat(old.structuredStatus()).isNull();
            assertThat(old.structuredRepairs()).isEmpty();
            assertThat(old.structuredCorrections()).isNull();
            assertThat(old.attempts()).singleElement().satisfies(attempt -> {
                assertThat(attempt.structuredStatus()).isNull();
                assertThat(attempt.structuredErrors()).isEmpty();
            });
        }
    }

    @Test
    void reportsAStoppedPostgresAsUnavailableAndRecoversWhenItStarts() {
        // A server of its own: stopping the shared one would pull it from under the other tests.
        try (PostgresServer server = PostgresServer.create()) {
            server.start();
            final String url = server.newDatabase();
            server.stop();
            try (Database database = new Database(settings(url, Duration.ofMillis(500)))) {
                final JdbiInferenceStore store = new JdbiInferenceStore(database);

                // Down before the first use: the migration fails, and is tried again on the next call.
                assertThatThrownBy(database::jdbi)
                        .isInstanceOf(StorageUnavailableException.class)
                        .hasMessageContaining("The database at jdbc:postgresql://127.0.0.1:" + server.port())
                        .hasMessageContaining("cannot be reached");
                server.start();
                assertThat(eventually(() -> store.insert(List.of(TestInferences.call("a", Instant.EPOCH).build()))))
                        .isEqualTo(1);

                // Down after it: pooled connections are dead and new ones are refused.
                server.stop();
                assertThatThrownBy(() -> store.insert(List.of(TestInferences.call("b", Instant.EPOCH).build())))
                        .isInstanceOf(StorageUnavailableException.class);
                assertThatThrownBy(() -> store.find("a", null)).isInstanceOf(StorageUnavailableException.class);
                server.start();
                assertThat(eventually(() -> store.insert(List.of(TestInferences.call("b", Instant.EPOCH).build()))))
                        .isEqualTo(1);
                assertThat(store.find("a", null)).isPresent();
            }
        }
    }

    @Test
    void readsItsSectionWithDefaults() {
        assertThat(StorageSettings.from(parse("", Map.of())))
                .isEqualTo(new StorageSettings("jdbc:h2:file:./data/llmg;DB_CLOSE_ON_EXIT=FALSE", "", "", 4,
                                               Duration.ofSeconds(5)));
        final StorageSettings pg = StorageSettings.from(parse(
                "storage: {url: 'jdbc:postgresql://db:5432/llmg', username: llmg, password: 'env:DB_PASSWORD', "
                + "pool_size: 8, connection_timeout: 2s}", Map.of("DB_PASSWORD", "s3cret")));
        assertThat(pg).isEqualTo(new StorageSettings("jdbc:postgresql://db:5432/llmg", "llmg", "s3cret", 8,
                                                     Duration.ofSeconds(2)));
        assertThat(pg.isPostgres()).isTrue();
        assertThat(pg.toString()).doesNotContain("s3cret");
        assertThat(new StorageSettings("jdbc:postgresql://db/llmg?user=a&password=s3cret&ssl=true", "", "", 1,
                                       Duration.ofSeconds(1)).redactedUrl())
                .isEqualTo("jdbc:postgresql://db/llmg?user=a&password=***&ssl=true");
    }

    @Test
    void theExampleConfigDocumentsTheDefaults() {
        assertThat(StorageSettings.from(new ConfigLoader(Map.of()).load(
                java.nio.file.Path.of("..", "config", "config.example.yaml"), Map.of())))
                .isEqualTo(StorageSettings.from(parse("", Map.of())));
    }

    @Test
    void refusesBadValuesByTheirPath() {
        assertThatThrownBy(() -> StorageSettings.from(parse("storage: {url: 'jdbc:mysql://db/llmg'}", Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("storage.url: must be a jdbc:h2: or jdbc:postgresql: URL, not 'jdbc:mysql://db/llmg'");
        assertThatThrownBy(() -> StorageSettings.from(parse("storage: {pool_size: 0}", Map.of())))
                .hasMessageStartingWith("storage.pool_size: must be between 1 and 64");
        assertThatThrownBy(() -> StorageSettings.from(parse("storage: {connection_timeout: 10ms}", Map.of())))
                .hasMessage("storage.connection_timeout: must be at least 250ms");
        assertThatThrownBy(() -> StorageSettings.from(parse("storage: {uri: 'jdbc:h2:mem:x'}", Map.of())))
                .hasMessageStartingWith("storage.uri: unknown key");
    }

    /**
     * Returns what {@code work} returns once the database answers, as tracking's writer retries. The pool may
     * still be backing off (at most connection_timeout per wait) when the server has just come back.
     */
    private static <T> T eventually(Supplier<T> work) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return work.get();
            } catch (StorageUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static StorageSettings settings(String url, Duration connectionTimeout) {
        return new StorageSettings(url, "", "", 2, connectionTimeout);
    }

    private static ConfigSection parse(String yaml, Map<String, String> environment) {
        return new ConfigLoader(environment).parse(yaml);
    }

    private static List<String> tables(Connection connection) throws SQLException {
        final List<String> names = new java.util.ArrayList<>();
        try (ResultSet rs = connection.createStatement().executeQuery(
                "SELECT LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Returns how many migrations the jar ships ({@code V1__inferences.sql}, ...). */
    private static int migrationsShipped() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(Database.class.getResource("migration").toURI()))) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }
    }
}
