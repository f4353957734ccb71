package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.internal.storage.Database;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Keeps the instructions managed through InstructionService in {@code instruction_versions} and
 * {@code instruction_labels} ({@code V9__instructions.sql}), in SQL H2 and PostgreSQL run unchanged. A version is
 * inserted once and never updated; its number is the instruction's highest plus one, and two callers adding a
 * version at once get two numbers (the primary key refuses the second insert, which is then tried again). Every
 * change steps the shared revision in its own transaction, so that every replica notices it. Every method blocks on
 * the database.
 */
@Singleton
final class InstructionStore {

    /** One stored version, as read back. */
    record VersionRow(String tenant, String name, int version, InstructionVersion spec) {}

    /** Everything stored, read in one transaction, with the revision read in it. */
    record Snapshot(long revision, List<VersionRow> versions, Map<String, Map<String, Integer>> labels,
                    Map<String, Instant> updated) {}

    /** How many times a write that lost a race for a key is tried again. */
    private static final int ATTEMPTS = 50;

    private final Database database;

    @Inject
    InstructionStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    /** Returns the shared revision alone: cheap enough to poll. */
    long revision() {
        return database.withHandle(InstructionStore::revision);
    }

    /** Reads every stored version and label. */
    Snapshot snapshot() {
        return database.inTransaction(handle -> {
            final long revision = revision(handle);
            final Map<String, Instant> updated = new LinkedHashMap<>();
            final List<VersionRow> versions = handle.createQuery(
                    "SELECT tenant, name, version, spec, created_at, created_by FROM instruction_versions "
                    + "ORDER BY tenant, name, version").map((rs, ctx) -> {
                        final VersionRow row = new VersionRow(rs.getString("tenant"), rs.getString("name"),
                                                              rs.getInt("version"), spec(rs.getString("spec")));
                        final Instant at = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                        final InstructionVersion described = row.spec().toBuilder()
                                .setCreateTime(Times.timestamp(at)).setCreatedBy(rs.getString("created_by")).build();
                        updated.merge(key(row.tenant(), row.name()), at, (a, b) -> a.isAfter(b) ? a : b);
                        return new VersionRow(row.tenant(), row.name(), row.version(), described);
                    }).list();
            final Map<String, Map<String, Integer>> labels = new LinkedHashMap<>();
            handle.createQuery("SELECT tenant, name, label, version, updated_at FROM instruction_labels")
                  .map((rs, ctx) -> {
                      final String key = key(rs.getString("tenant"), rs.getString("name"));
                      labels.computeIfAbsent(key, unused -> new LinkedHashMap<>())
                            .put(rs.getString("label"), rs.getInt("version"));
                      final Instant at = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
                      updated.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
                      return key;
                  }).list();
            return new Snapshot(revision, versions, labels, updated);
        });
    }

    /** Returns the key {@link Snapshot#labels()} and {@link Snapshot#updated()} use for an instruction. */
    static String key(String tenant, String name) {
        return tenant + '\u0000' + name;
    }

    /**
     * Adds {@code spec} as the next version of {@code tenant}'s instruction {@code name} and points
     * {@code labels} at it, in one transaction; returns the new version's number.
     */
    int createVersion(String tenant, String name, InstructionVersion spec, List<String> labels, String actor) {
        final String json = json(spec);
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inTransaction(handle -> {
                    final int version = handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM "
                                                           + "instruction_versions WHERE tenant = ? AND name = ?")
                                              .bind(0, tenant).bind(1, name).mapTo(Integer.class).one() + 1;
                    final OffsetDateTime now = now();
                    handle.createUpdate("INSERT INTO instruction_versions (tenant, name, version, spec, created_at, "
                                        + "created_by) VALUES (?, ?, ?, ?, ?, ?)")
                          .bind(0, tenant).bind(1, name).bind(2, version).bind(3, json).bind(4, now).bind(5, actor)
                          .execute();
                    for (String label : labels) {
                        putLabel(handle, tenant, name, label, version, now);
                    }
                    step(handle);
                    return version;
                });
            } catch (JdbiException e) {
                if (!isDuplicate(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Points {@code label} at {@code version}, in one transaction; with {@code from} (0: the label must not exist
     * yet), only when it points there now, else FAILED_PRECONDITION. NOT_FOUND when there is no such version.
     */
    void setLabel(String tenant, String name, String label, int version, Optional<Integer> from) {
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(handle -> {
                    final Optional<Integer> exists = handle.createQuery(
                            "SELECT version FROM instruction_versions WHERE tenant = ? AND name = ? AND version = ?")
                            .bind(0, tenant).bind(1, name).bind(2, version).mapTo(Integer.class).findOne();
                    if (exists.isEmpty()) {
                        throw new GatewayException(ErrorKind.NOT_FOUND, "instruction_not_found", "version",
                                                   "instruction '" + name + "' has no version " + version, null);
                    }
                    if (from.isEmpty()) {
                        putLabel(handle, tenant, name, label, version, now());
                    } else if (!moveLabel(handle, tenant, name, label, from.get(), version)) {
                        throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "label_moved", "from_version",
                                                   "label '" + label + "' does not point at version " + from.get()
                                                   + (from.get() == 0 ? " (it exists already)" : "")
                                                   + "; read the instruction again", null);
                    }
                    return step(handle);
                });
                return;
            } catch (JdbiException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
                if (from.isPresent() || attempt >= ATTEMPTS) {
                    throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "label_moved", "from_version",
                                               "label '" + label + "' was created meanwhile; read the instruction "
                                               + "again", e);
                }
            }
        }
    }

    /** Removes {@code label}; NOT_FOUND when the instruction has no such label. */
    void deleteLabel(String tenant, String name, String label) {
        database.inTransaction(handle -> {
            final int deleted = handle.createUpdate("DELETE FROM instruction_labels WHERE tenant = ? AND name = ? "
                                                    + "AND label = ?")
                                      .bind(0, tenant).bind(1, name).bind(2, label).execute();
            if (deleted == 0) {
                throw new GatewayException(ErrorKind.NOT_FOUND, "instruction_not_found", "label",
                                           "instruction '" + name + "' has no label '" + label + "'", null);
            }
            return step(handle);
        });
    }

    private static void putLabel(Handle handle, String tenant, String name, String label, int version,
                                 OffsetDateTime now) {
        final int moved = handle.createUpdate("UPDATE instruction_labels SET version = ?, updated_at = ? "
                                              + "WHERE tenant = ? AND name = ? AND label = ?")
                                .bind(0, version).bind(1, now).bind(2, tenant).bind(3, name).bind(4, label)
                                .execute();
        if (moved == 0) {
            handle.createUpdate("INSERT INTO instruction_labels (tenant, name, label, version, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?)")
                  .bind(0, tenant).bind(1, name).bind(2, label).bind(3, version).bind(4, now).execute();
        }
    }

    private static boolean moveLabel(Handle handle, String tenant, String name, String label, int from, int to) {
        if (from == 0) {
            handle.createUpdate("INSERT INTO instruction_labels (tenant, name, label, version, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?)")
                  .bind(0, tenant).bind(1, name).bind(2, label).bind(3, to).bind(4, now()).execute();
            return true;
        }
        return handle.createUpdate("UPDATE instruction_labels SET version = ?, updated_at = ? "
                                   + "WHERE tenant = ? AND name = ? AND label = ? AND version = ?")
                     .bind(0, to).bind(1, now()).bind(2, tenant).bind(3, name).bind(4, label).bind(5, from)
                     .execute() == 1;
    }

    private static long step(Handle handle) {
        handle.createUpdate("UPDATE instruction_revision SET revision = revision + 1 WHERE id = 1").execute();
        return revision(handle);
    }

    private static long revision(Handle handle) {
        return handle.createQuery("SELECT revision FROM instruction_revision WHERE id = 1").mapTo(Long.class).one();
    }

    private static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String json(InstructionVersion spec) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(
                    spec.toBuilder().clearVersion().clearCreateTime().clearCreatedBy().clearVariables().build());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an instruction version that cannot be written as JSON", e);
        }
    }

    private static InstructionVersion spec(String json) {
        final InstructionVersion.Builder spec = InstructionVersion.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, spec);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored instruction version that is not its JSON: " + e.getMessage(), e);
        }
        return spec.build();
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
