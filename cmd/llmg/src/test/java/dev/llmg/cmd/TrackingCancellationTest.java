package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;

/**
 * A caller who leaves while the provider thinks, on each streaming door other than gRPC (which the load test
 * covers): the SSE of the native API and of {@code /v1} by closing the connection, the WebSocket by
 * {@code chat.cancel} and by closing the socket. Each call is recorded once, as CANCELLED, with its attempt.
 */
@Timeout(60)
class TrackingCancellationTest {

    private static final String DATABASE = "jdbc:h2:mem:tracking-cancel-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final String BODY =
            "{\"model\":\"thinking\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String NATIVE_BODY =
            "{\"model\":\"thinking\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}";

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream slow = new FaultyUpstream("slow");

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            slow.providerYaml("slow"),
            "models:",
            "  - name: thinking",
            "    targets: [{provider: slow, model: gpt-4o-mini}]",
            "storage: {url: \"" + DATABASE + "\"}",
            "tracking: {spill_dir: target/tracking-cancel-spill, flush_interval: 10ms}",
            ""));

    @BeforeEach
    void slowUpstream() {
        slow.reset();
        slow.always(Fault.slow(Duration.ofSeconds(20)));
    }

    @Test
    void nativeSseClosedByTheCaller() throws Exception {
        leaveWhileThinking("/api/v1/chat/completions:stream", NATIVE_BODY);
        assertThat(statusesOf("sse")).isEqualTo(Map.of("CANCELLED", 1));
    }

    @Test
    void openAiSseClosedByTheCaller() throws Exception {
        leaveWhileThinking("/v1/chat/completions", BODY);
        assertThat(statusesOf("openai")).isEqualTo(Map.of("CANCELLED", 1));
    }

    @Test
    void webSocketStreamsCancelledAndDropped() throws Exception {
        final WsClient socket = WsClient.connect(gateway.httpUri());
        socket.request("a", ask("thinking", "hi"));
        socket.request("b", ask("thinking", "hi"));
        assertThat(slow.awaitRequests(2, Duration.ofSeconds(10))).isTrue();
        socket.cancel("a");
        socket.close();
        assertThat(statusesOf("websocket")).isEqualTo(Map.of("CANCELLED", 2));
    }

    /** Sends a streaming request over a raw connection and closes it once the provider holds the call. */
    private static void leaveWhileThinking(String path, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.httpPort())) {
            final OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                              .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(slow.awaitRequests(1, Duration.ofSeconds(10))).isTrue();
        }
    }

    /** Waits for the door's records, then returns how many ended with each status. */
    private static Map<String, Integer> statusesOf(String surface) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Map<String, Integer> statuses = Map.of();
        while (System.nanoTime() < deadline) {
            statuses = read(surface);
            if (!statuses.isEmpty() && !statuses.containsKey("OK")) {
                Thread.sleep(200); // anything more would show in a moment
                return read(surface);
            }
            Thread.sleep(20);
        }
        return statuses;
    }

    private static boolean migrated() throws Exception {
        try (Connection db = DriverManager.getConnection(DATABASE);
             ResultSet tables = db.getMetaData().getTables(null, null, "INFERENCE_ATTEMPTS", null)) {
            return tables.next();
        }
    }

    private static Map<String, Integer> read(String surface) throws Exception {
        final Map<String, Integer> statuses = new HashMap<>();
        if (!migrated()) {
            return statuses; // llmg creates its tables with its first write
        }
        try (Connection db = DriverManager.getConnection(DATABASE);
             PreparedStatement select = db.prepareStatement(
                     "SELECT i.status, (SELECT COUNT(*) FROM inference_attempts a WHERE a.inference_id = i.id) "
                     + "FROM inferences i WHERE i.surface = ?")) {
            select.setString(1, surface);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assertThat(rows.getInt(2)).as("its one attempt is recorded").isEqualTo(1);
                    statuses.merge(rows.getString(1), 1, Integer::sum);
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1) {
                throw e;
            }
            return Map.of(); // a later migration is altering the table right now (H2 copies it): not yet
        }
        return statuses;
    }
}
