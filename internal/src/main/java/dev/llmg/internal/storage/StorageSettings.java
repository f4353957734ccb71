package dev.llmg.internal.storage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code storage} section of the configuration: the database llmg records into.
 *
 * <p>The default is an H2 file under {@code ./data}, which needs nothing installed. Its URL carries
 * {@code DB_CLOSE_ON_EXIT=FALSE} because H2's own JVM shutdown hook would otherwise close the database
 * before llmg's shutdown has flushed the last records into it; the pool closes it instead. It does
 * <em>not</em> carry {@code AUTO_SERVER=TRUE}: that would let an operator's SQL tool open the file while llmg
 * runs, but H2 then starts a TCP server with {@code -tcpAllowOthers}, listening on every interface and guarded
 * only by the database password (empty by default). Add it to {@code url} knowingly, or read the records
 * through llmg's API, or use PostgreSQL when other processes need the database.
 *
 * @param url the JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql://host:port/db}
 * @param username the database user; empty for H2's default
 * @param password the database password, which may be written as {@code env:NAME} or {@code file:PATH}
 * @param poolSize the most connections the pool opens
 * @param connectionTimeout how long a caller waits for a connection before the database counts as unavailable
 */
public record StorageSettings(String url, String username, String password, int poolSize,
                              Duration connectionTimeout) {

    /** The URL when the configuration sets none. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/llmg;DB_CLOSE_ON_EXIT=FALSE";

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("((?i)password=)[^&;]*");

    /** Checks every part is present. */
    public StorageSettings {
        requireNonNull(url, "url");
        requireNonNull(username, "username");
        requireNonNull(password, "password");
        requireNonNull(connectionTimeout, "connectionTimeout");
    }

    /** Reads the {@code storage} section, applying defaults. */
    public static StorageSettings from(ConfigSection root) {
        final ConfigSection section = root.sectionOrEmpty("storage");
        section.allowOnly("url", "username", "password", "pool_size", "connection_timeout");
        final String url = section.string("url", DEFAULT_URL).trim();
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(section.pathOf("url"),
                                      "must be a jdbc:h2: or jdbc:postgresql: URL, not '"
                                      + PASSWORD_IN_URL.matcher(url).replaceAll("$1***") + '\'');
        }
        final Duration connectionTimeout = section.duration("connection_timeout", Duration.ofSeconds(5));
        // HikariCP refuses less than 250 ms.
        if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            throw new ConfigException(section.pathOf("connection_timeout"), "must be at least 250ms");
        }
        return new StorageSettings(url, section.string("username", ""), section.secret("password"),
                                   section.integer("pool_size", 4, 1, 64), connectionTimeout);
    }

    /** Returns whether the URL names a PostgreSQL database. */
    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Returns the URL with any password it carries ({@code password=...}) masked, for logs and messages. */
    public String redactedUrl() {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
    }

    /** Describes the settings without the password. */
    @Override
    public String toString() {
        return "StorageSettings[url=" + redactedUrl() + ", username=" + username + ", password="
               + (password.isEmpty() ? "" : "***") + ", poolSize=" + poolSize + ", connectionTimeout="
               + connectionTimeout + ']';
    }
}
