package dev.llmg.internal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, private to the test JVM: Debian's binaries (the highest version under
 * {@code /usr/lib/postgresql/*}{@code /bin}, else {@code initdb} on the PATH) run a fresh cluster in a
 * temporary directory, on a free loopback port, with trust authentication and {@code fsync=off}. No Docker.
 *
 * <p>PostgreSQL refuses to run as root, and these machines and CI run as root: then the cluster belongs to
 * the {@code postgres} user and every binary runs through {@code runuser -u postgres --}.
 *
 * <p>{@link #shared()} is one server for the whole JVM, stopped by a shutdown hook; a test that stops the
 * server ({@link #stop()}, {@link #start()}) makes its own with {@link #create()} so as not to pull it from
 * under the others. Missing binaries fail the test: PostgreSQL tests are never skipped.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private final boolean asPostgresUser;
    private final boolean durable;

    private PostgresServer(Path bin, boolean durable) throws IOException {
        this.bin = bin;
        this.durable = durable;
        asPostgresUser = isRoot();
        directory = Files.createTempDirectory("llmg-pg");
        data = directory.resolve("data");
        log = directory.resolve("postgres.log");
        port = freePort();
        if (asPostgresUser) {
            run(List.of("chown", "-R", SUPERUSER + ':' + SUPERUSER, directory.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", SUPERUSER,
                    "-E", "UTF8", "--locale=C", "--no-sync"), true);
    }

    /** Returns the JVM's one server, initialized and started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            final PostgresServer server = create();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-server-stop"));
            shared = server;
        }
        return shared;
    }

    /** Initializes a new cluster, not yet started, that does not sync to disk; the caller closes it. */
    public static PostgresServer create() {
        return create(false);
    }

    /**
     * Initializes a new cluster, not yet started; {@code durable} keeps PostgreSQL's defaults ({@code fsync},
     * synchronous commits) for measurements, else they are off for speed. The caller closes it.
     */
    public static PostgresServer create(boolean durable) {
        try {
            return new PostgresServer(binaries(), durable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the port the server listens on (the same across restarts). */
    public int port() {
        return port;
    }

    /** Returns the JDBC URL of the database {@code name}, as the superuser. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + '/' + name + "?user=" + SUPERUSER;
    }

    /** Creates an empty database of its own for one test (class) and returns its JDBC URL. */
    public String newDatabase() {
        final String name = "llmg_test_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Starts the server (again) on its port and data directory, and waits until it accepts connections. */
    public void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                    "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + directory
                                      + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
                    "start"), true);
    }

    /** Stops the server at once (disconnecting clients) and waits until it has stopped. */
    public void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"), true);
    }

    /** Stops the server if it runs and deletes its directory. */
    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop();
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    private static Path binaries() {
        final Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                final var highest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                                            .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                                            .max(Comparator.comparingDouble(
                                                    v -> Double.parseDouble(v.getFileName().toString())));
                if (highest.isPresent()) {
                    return highest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))
                && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir);
            }
        }
        throw new IllegalStateException(
                "PostgreSQL's server binaries (initdb, pg_ctl) are not under /usr/lib/postgresql/*/bin nor on the "
                + "PATH: install Debian's postgresql (hack/test does: apt-get install postgresql); "
                + "the PostgreSQL tests are never skipped");
    }

    private void run(List<String> command, boolean asServerUser) {
        final List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        try {
            final Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue()
                                                + "):\n" + new String(output, StandardCharsets.UTF_8) + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + full, e);
        }
    }

    private String logTail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            final List<String> lines = Files.readAllLines(log);
            return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        try {
            final Process process = new ProcessBuilder("id", "-u").start();
            final String uid = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return "0".equals(uid);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Best effort: it is a temporary directory.
                }
            });
        } catch (IOException ignored) {
            // Best effort.
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + bin + ", port " + port + ']';
    }
}
