package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * llmg run as {@code main} runs it, in a process of its own, stopped by SIGTERM in the middle of load: every
 * call that got an answer has its record in the database once the process has exited, written by the
 * graceful stop (the server drains its calls, then the tracking writer drains its queue, then the database
 * closes).
 */
@Timeout(120)
class TrackingShutdownTest {

    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String BODY =
            "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}";

    @TempDir
    Path dir;

    @Test
    void everyAnsweredCallHasItsRecordAfterSigterm() throws Exception {
        final Path config = dir.resolve("config.yaml");
        Files.writeString(config, String.join("\n",
                "server: {graceful_shutdown: {quiet_period: 0ms, timeout: 10s}}",
                "auth: {required: false}",
                "providers: {simulator: {type: simulator, latency: 30ms}}",
                "models: [{name: sim-echo, provider: simulator}]",
                "storage: {url: \"jdbc:h2:file:" + dir.resolve("llmg") + ";DB_CLOSE_ON_EXIT=FALSE\"}",
                // A writer that waits long between batches, so that the stop finds records queued.
                "tracking: {spill_dir: \"" + dir.resolve("spill") + "\", flush_interval: 1s, batch_size: 10000}",
                ""));
        final Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                                   // main's logging (INFO), not the tests' (WARN)
                                                   "-Dlogback.configurationFile=logback.xml",
                                                   "-cp", System.getProperty("java.class.path"),
                                                   Main.class.getName(), "-c", config.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
        try {
            final URI uri = URI.create("http://127.0.0.1:" + port(gateway) + "/api/v1/chat/completions");
            final Set<String> answered = ConcurrentHashMap.newKeySet();
            final AtomicBoolean stopped = new AtomicBoolean();
            final List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                final Thread caller = new Thread(() -> call(uri, answered, stopped));
                caller.start();
                callers.add(caller);
            }
            while (answered.size() < 300) {
                Thread.sleep(10);
            }
            gateway.destroy(); // SIGTERM
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway stops").isTrue();
            stopped.set(true);
            for (Thread caller : callers) {
                caller.join();
            }
            assertThat(Files.readAllLines(dir.resolve("gateway.log"))).as("the gateway's log")
                                                                      .anyMatch(line -> line.contains("Stopped"));

            final Set<String> recorded = new HashSet<>();
            try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("llmg"));
                 PreparedStatement select = db.prepareStatement("SELECT id FROM inferences");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    recorded.add(rows.getString(1));
                }
            }
            assertThat(recorded).as("every answered call is recorded").containsAll(answered);
            assertThat(answered).hasSizeGreaterThanOrEqualTo(300);
        } finally {
            gateway.destroyForcibly();
        }
    }

    /** Returns the port the gateway says it serves on, once it does. */
    private int port(Process gateway) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            final Path log = dir.resolve("gateway.log");
            if (Files.exists(log)) {
                final Matcher serving = SERVING.matcher(Files.readString(log));
                if (serving.find()) {
                    return Integer.parseInt(serving.group(1));
                }
            }
            assertThat(gateway.isAlive()).as("the gateway runs").isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("the gateway did not start within 60 s");
    }

    /** Calls until the gateway is gone, noting the id of every answer. */
    private static void call(URI uri, Set<String> answered, AtomicBoolean stopped) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (!stopped.get()) {
            try {
                final HttpResponse<String> response = client.send(
                        // A timeout: a call caught by the process's end must not hang the test (seen once).
                        HttpRequest.newBuilder(uri).header("content-type", "application/json")
                                   .timeout(Duration.ofSeconds(10))
                                   .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    answered.add(response.headers().firstValue("x-request-id").orElseThrow());
                }
            } catch (Exception e) {
                // The gateway is stopping or gone: refused connections are expected until the test stops calling.
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
