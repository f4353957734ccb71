package dev.llmg.cmd.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real gateway, started by its own {@code main} in a JVM of its own with a small heap, for the inputs
 * meant to exhaust it. Run in the test's JVM, a bomb that works would take the test run down with it (and a
 * shared machine with it); here it takes down a 256 MiB gateway that exits on OutOfMemoryError (as a gateway
 * under a supervisor is run), which the test sees as no answer, a broken connection, a 5xx or a
 * {@code /healthz} that stops answering, and replaces before the next case.
 */
final class ChildGateway implements BeforeAllCallback, AfterAllCallback {

    private static final String MAX_HEAP = "-Xmx256m";

    private final String config;
    private Path directory;
    private Process process;
    private URI uri;
    private int incarnation;

    /** Creates a gateway configured by {@code config} (YAML, without {@code server.port}). */
    ChildGateway(String config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("llmg-child-gateway");
        Files.writeString(directory.resolve("config.yaml"), config);
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
        // The logs served the failure reports, which quote their ends; nothing else needs them.
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Returns the gateway's address. */
    URI uri() {
        return uri;
    }

    /** Makes sure the gateway is healthy, replacing it when it is not; returns why it was replaced, or null. */
    String ensureHealthy() {
        final String problem = process.isAlive() ? GatewayHealth.problem(uri) : "its JVM had exited";
        if (problem == null) {
            return null;
        }
        replace();
        return problem;
    }

    /** Replaces the gateway by a fresh one, e.g. after a request that may still be exhausting it. */
    void replace() {
        process.destroyForcibly(); // it is broken or may soon be: no graceful stop to wait for
        stop();
        start();
    }

    /** Returns the last lines the current gateway wrote, for failure reports. */
    String logTail() {
        try {
            final List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private void start() {
        final int port = freePort();
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            process = new ProcessBuilder(java, MAX_HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                                         "-XX:TieredStopAtLevel=1",
                                         "-cp", System.getProperty("java.class.path"), "dev.llmg.cmd.Main",
                                         "-c", directory.resolve("config.yaml").toString(), "--port", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(directory.resolve("gateway-" + ++incarnation + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uri = URI.create("http://127.0.0.1:" + port);
        final long deadline = System.currentTimeMillis() + 60_000;
        while (GatewayHealth.problem(uri) != null) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the gateway in its own JVM did not start: " + logTail());
            }
            sleep(100);
        }
    }

    private Path log() {
        return directory.resolve("gateway-" + incarnation + ".log");
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: the gateway's own graceful stop
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
