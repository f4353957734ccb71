package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.internal.testing.PostgresServer;

/**
 * The gateway records into a real PostgreSQL that is stopped in the middle of load and started again: calls
 * go on being answered meanwhile, the records spill to disk, and once the database is back every record
 * arrives, exactly once.
 */
@Timeout(180)
class TrackingOutageTest {

    private static final PostgresServer postgres = PostgresServer.create();
    private static final Path SPILL = Path.of("target", "tracking-outage-spill-" + System.nanoTime());
    private static String database;

    @RegisterExtension
    @Order(1)
    static final TestGateway gateway = new TestGateway(() -> {
        postgres.start();
        database = postgres.newDatabase();
        return String.join("\n",
                "providers: {simulator: {type: simulator, latency: 5ms}}",
                "models: [{name: sim-echo, provider: simulator}]",
                "storage: {url: \"" + database + "\", connection_timeout: 1s}",
                "tracking: {spill_dir: \"" + SPILL + "\", flush_interval: 20ms}",
                "");
    });

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void everyRecordArrivesAfterTheDatabaseComesBack() throws Exception {
        final ChatServiceGrpc.ChatServiceBlockingStub stub =
                GrpcClients.newClient(gateway.httpUri(), ChatServiceGrpc.ChatServiceBlockingStub.class);
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final AtomicBoolean calling = new AtomicBoolean(true);
        final Thread[] callers = new Thread[8];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Thread(() -> {
                while (calling.get()) {
                    answered.add(stub.createChatCompletion(CreateChatCompletionRequest.newBuilder()
                                                                 .setChat(ask("sim-echo", "hi")).build())
                                     .getGateway().getRequestId());
                }
            });
            callers[i].start();
        }
        waitUntil(() -> answered.size() >= 300 && recordedCount() >= 100); // the database is in use
        postgres.stop();
        final int beforeOutage = answered.size();
        waitUntil(() -> answered.size() >= beforeOutage + 500);
        assertThat(spilledFiles()).as("records spill while the database is away").isPositive();
        postgres.start();
        waitUntil(() -> answered.size() >= beforeOutage + 1_000);
        calling.set(false);
        for (Thread caller : callers) {
            caller.join();
        }

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Integer> recorded = recorded();
        while (recorded.size() < answered.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            recorded = recorded();
        }
        assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(answered);
        assertThat(recorded.values()).allMatch(count -> count == 1);
    }

    private static Map<String, Integer> recorded() throws Exception {
        final Map<String, Integer> counts = new HashMap<>();
        try (Connection db = DriverManager.getConnection(database);
             PreparedStatement select = db.prepareStatement("SELECT id FROM inferences");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.merge(rows.getString(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int recordedCount() {
        try {
            return recorded().size();
        } catch (Exception e) {
            return 0; // llmg creates its tables with its first write
        }
    }

    private static long spilledFiles() throws Exception {
        if (!Files.isDirectory(SPILL)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(SPILL)) {
            return files.count();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
