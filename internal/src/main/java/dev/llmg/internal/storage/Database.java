package dev.llmg.internal.storage;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.HandleCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The database llmg records into: a connection pool, the JDBI handle on it, and the schema, migrated by
 * Flyway when the database is first used rather than at start-up, so that llmg starts (and serves calls)
 * while PostgreSQL is down. Every method but {@link #close()} and {@link #isPostgres()} blocks on the
 * database: run it on a thread of your own, never on an event loop.
 */
public final class Database implements AutoCloseable {

    /** Where the migrations ({@code V1__inferences.sql}, ...) are on the classpath. */
    static final String MIGRATIONS = "classpath:dev/llmg/internal/storage/migration";

    private static final Logger logger = LoggerFactory.getLogger(Database.class);

    private final StorageSettings settings;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Object migrationLock = new Object();
    private volatile boolean migrated;

    /** Prepares the pool; no connection is opened until the first call that needs one. */
    public Database(StorageSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        // The no-argument constructor starts the pool on the first getConnection(), not here.
        dataSource = new HikariDataSource();
        dataSource.setPoolName("llmg-db");
        dataSource.setJdbcUrl(settings.url());
        if (!settings.username().isEmpty()) {
            dataSource.setUsername(settings.username());
        }
        if (!settings.password().isEmpty()) {
            dataSource.setPassword(settings.password());
        }
        dataSource.setMaximumPoolSize(settings.poolSize());
        dataSource.setMinimumIdle(Math.min(1, settings.poolSize()));
        dataSource.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // Start even when the database is down; getConnection() fails (after connection_timeout) until it is up.
        dataSource.setInitializationFailTimeout(-1);
        if (settings.isPostgres()) {
            // Turns a JDBC batch of single-row INSERTs into multi-row INSERTs: several times the insert rate.
            dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        jdbi = Jdbi.create(dataSource);
    }

    /** Returns whether this is a PostgreSQL database (else H2). */
    public boolean isPostgres() {
        return settings.isPostgres();
    }

    /** Returns the pooled data source, for tests and tools. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Returns the JDBI handle on the database, migrating the schema first if no call has yet. A failed
     * migration is tried again by the next call.
     *
     * @throws StorageUnavailableException when the database cannot be reached
     */
    public Jdbi jdbi() {
        if (!migrated) {
            synchronized (migrationLock) {
                if (!migrated) {
                    migrate();
                    migrated = true;
                }
            }
        }
        return jdbi;
    }

    /**
     * Runs {@code callback} with a handle (see {@link #jdbi()}), reporting a database that cannot be reached
     * as {@link StorageUnavailableException}.
     */
    public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
        return translate(() -> jdbi().withHandle(callback));
    }

    /** Runs {@code callback} in a transaction, as {@link #withHandle(HandleCallback)} does outside one. */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
        return translate(() -> jdbi().inTransaction(callback));
    }

    /** Closes the pool and its connections; with H2, the last connection closing closes the database. */
    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "Database[" + settings.redactedUrl() + ']';
    }

    private void migrate() {
        try {
            final var result = Flyway.configure()
                                     .dataSource(dataSource)
                                     .locations(MIGRATIONS)
                                     .failOnMissingLocations(true)
                                     .load()
                                     .migrate();
            if (result.migrationsExecuted > 0) {
                logger.info("Migrated the database at {} to schema version {}", settings.redactedUrl(),
                            result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            if (isUnavailable(e)) {
                throw new StorageUnavailableException("The database at " + settings.redactedUrl() + " cannot be reached: "
                                                      + rootMessage(e), e);
            }
            throw e;
        }
    }

    private <R, X extends Exception> R translate(Work<R, X> work) throws X {
        try {
            return work.run();
        } catch (JdbiException e) {
            if (isUnavailable(e)) {
                throw new StorageUnavailableException("The database at " + settings.redactedUrl() + " cannot be reached: "
                                                      + rootMessage(e), e);
            }
            throw e;
        }
    }

    /**
     * Returns whether a failure means the database could not be reached: the pool timed out waiting for a
     * connection, or the driver reported a connection exception (SQLSTATE class 08, or 57P01..57P03 when
     * PostgreSQL is shutting down or starting).
     */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException) {
                final String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @FunctionalInterface
    private interface Work<R, X extends Exception> {
        R run() throws X;
    }
}
