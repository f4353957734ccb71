package dev.llmg.internal.admin;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.jdbi.v3.core.Handle;

import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.auth.grouping.IssuedKey;
import dev.llmg.internal.storage.Database;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Keeps the levels and keys the admin API manages in {@code admin_levels} and {@code admin_keys}
 * ({@code V5__admin_grouping.sql}), in SQL H2 and PostgreSQL run unchanged. Every change runs in one transaction
 * with its audit row and a step of the shared revision ({@link AdminLedger}), so that no change goes unrecorded
 * and every replica notices it. Every method blocks on the database.
 */
@Singleton
public final class GroupingStore {

    /** Everything the store holds, read in one transaction, and the revision read before it. */
    public record Snapshot(long revision, List<AdminLevel> levels, List<IssuedKey> keys) {}

    /** One audit row. */
    public record AuditRow(long id, Instant at, String actor, String action, String target, String detail) {}

    private static final String LEVEL_COLUMNS = "path, kind, alias, upstream, allowlist, tags, limits, parameters";
    private static final String KEY_COLUMNS =
            "id, hash, endpoint_path, name, created_at, expires_at, revoked_at, limits";

    private final Database database;

    @Inject
    GroupingStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    /** Returns the shared revision alone: cheap enough to poll. */
    public long revision() {
        return database.withHandle(AdminLedger::revision);
    }

    /** Reads every level and key. */
    public Snapshot snapshot() {
        return database.inTransaction(handle -> new Snapshot(AdminLedger.revision(handle), levels(handle),
                                                             keys(handle)));
    }

    /** Returns every stored level, outermost first. */
    public List<AdminLevel> levels() {
        return database.withHandle(GroupingStore::levels);
    }

    /** Returns every issued key, newest first. */
    public List<IssuedKey> keys() {
        return database.withHandle(GroupingStore::keys);
    }

    /** Returns the issued key with id {@code id}, if any. */
    public Optional<IssuedKey> key(String id) {
        return database.withHandle(handle -> handle.createQuery("SELECT " + KEY_COLUMNS
                                                                + " FROM admin_keys WHERE id = ?")
                                                   .bind(0, id).map((rs, ctx) -> key(rs)).findOne());
    }

    /** Stores a new level; ALREADY_EXISTS when one is stored at its path. */
    public void insertLevel(AdminLevel level, String actor, String detail) {
        database.inTransaction(handle -> {
            if (level(handle, level.path()).isPresent()) {
                throw new GatewayException(ErrorKind.ALREADY_EXISTS, "level_exists", "level.path",
                                           "a level at '" + level.path() + "' was created already", null);
            }
            final OffsetDateTime now = now();
            handle.createUpdate("INSERT INTO admin_levels (" + LEVEL_COLUMNS + ", parent_path, name, created_at, "
                                + "updated_at) VALUES (:path, :kind, :alias, :upstream, :allowlist, :tags, :limits, "
                                + ":parameters, "
                                + ":parent, :name, :now, :now)")
                  .bind("path", level.path()).bind("kind", level.depth().column()).bind("alias", level.alias())
                  .bind("upstream", level.upstream())
                  .bind("allowlist", SettingsJson.text(SettingsJson.allowlist(level.models())))
                  .bind("tags", SettingsJson.text(SettingsJson.tags(level.tags())))
                  .bind("limits", SettingsJson.text(SettingsJson.limits(level.limits())))
                  .bind("parameters", SettingsJson.text(SettingsJson.parameters(level.parameters())))
                  .bind("parent", level.parentPath()).bind("name", level.name()).bind("now", now)
                  .execute();
            return AdminLedger.record(handle, actor, "level.create", level.path(), detail);
        });
    }

    /** Replaces a stored level's settings; NOT_FOUND when none is stored at its path. */
    public void updateLevel(AdminLevel level, String actor, String detail) {
        database.inTransaction(handle -> {
            final int updated = handle.createUpdate("UPDATE admin_levels SET alias = :alias, upstream = :upstream, "
                                                    + "allowlist = :allowlist, tags = :tags, limits = :limits, "
                                                    + "parameters = :parameters, updated_at = :now WHERE path = :path")
                                      .bind("alias", level.alias()).bind("upstream", level.upstream())
                                      .bind("allowlist", SettingsJson.text(SettingsJson.allowlist(level.models())))
                                      .bind("tags", SettingsJson.text(SettingsJson.tags(level.tags())))
                                      .bind("limits", SettingsJson.text(SettingsJson.limits(level.limits())))
                                      .bind("parameters",
                                            SettingsJson.text(SettingsJson.parameters(level.parameters())))
                                      .bind("now", now()).bind("path", level.path())
                                      .execute();
            if (updated == 0) {
                throw levelNotFound(level.path());
            }
            return AdminLedger.record(handle, actor, "level.update", level.path(), detail);
        });
    }

    /**
     * Deletes the stored levels at or under {@code path} and the issued keys {@code orphaned} says lose their
     * endpoint with them; returns how many of each. NOT_FOUND when no level is stored at {@code path}.
     */
    public int[] deleteLevels(String path, java.util.function.Predicate<String> orphaned, String actor) {
        return database.inTransaction(handle -> {
            if (level(handle, path).isEmpty()) {
                throw levelNotFound(path);
            }
            int levels = 0;
            for (AdminLevel level : levels(handle)) {
                if (AdminLevel.isUnder(level.path(), path)) {
                    levels += handle.createUpdate("DELETE FROM admin_levels WHERE path = ?").bind(0, level.path())
                                    .execute();
                }
            }
            int keys = 0;
            for (IssuedKey key : keys(handle)) {
                if (AdminLevel.isUnder(key.endpoint(), path) && orphaned.test(key.endpoint())) {
                    keys += handle.createUpdate("DELETE FROM admin_keys WHERE id = ?").bind(0, key.id()).execute();
                }
            }
            final String detail = SettingsJson.text(SettingsJson.object().put("deleted_levels", levels)
                                                                .put("deleted_keys", keys));
            AdminLedger.record(handle, actor, "level.delete", path, detail);
            return new int[] {levels, keys};
        });
    }

    /** Stores a newly issued key (its hash only). */
    public void insertKey(IssuedKey key, String actor, String detail) {
        database.inTransaction(handle -> {
            insertKey(handle, key);
            return AdminLedger.record(handle, actor, "key.create", key.id(), detail);
        });
    }

    /** Replaces an issued key's name, expiry, revocation and limits, recording {@code action}. */
    public void updateKey(IssuedKey key, String action, String actor, String detail) {
        database.inTransaction(handle -> {
            updateKey(handle, key);
            return AdminLedger.record(handle, actor, action, key.id(), detail);
        });
    }

    /** Stores {@code replacement} and {@code replaced} (with its revocation) in one change. */
    public void rotateKey(IssuedKey replaced, IssuedKey replacement, String actor, String detail) {
        database.inTransaction(handle -> {
            updateKey(handle, replaced);
            insertKey(handle, replacement);
            return AdminLedger.record(handle, actor, "key.rotate", replaced.id(), detail);
        });
    }

    /** Returns up to {@code limit} audit rows with ids below {@code before}, newest first. */
    public List<AuditRow> audit(long before, int limit) {
        return database.withHandle(handle -> handle.createQuery(
                "SELECT id, at, actor, action, target, detail FROM admin_audit WHERE id < ? ORDER BY id DESC")
                .bind(0, before).setMaxRows(limit)
                .map((rs, ctx) -> new AuditRow(rs.getLong("id"), instant(rs, "at"), rs.getString("actor"),
                                               rs.getString("action"), rs.getString("target"),
                                               rs.getString("detail")))
                .list());
    }

    private static void insertKey(Handle handle, IssuedKey key) {
        handle.createUpdate("INSERT INTO admin_keys (" + KEY_COLUMNS + ", hint) VALUES (:id, :hash, :endpoint, "
                            + ":name, :created, :expires, :revoked, :limits, :hint)")
              .bind("id", key.id()).bind("hash", key.hash()).bind("endpoint", key.endpoint())
              .bind("name", key.name())
              .bindByType("created", time(key.createdAt()), OffsetDateTime.class)
              .bindByType("expires", time(key.expiresAt()), OffsetDateTime.class)
              .bindByType("revoked", time(key.revokedAt()), OffsetDateTime.class)
              .bind("limits", SettingsJson.text(SettingsJson.limits(key.limits())))
              .bind("hint", ApiKeys.hint(key.hash()))
              .execute();
    }

    private static void updateKey(Handle handle, IssuedKey key) {
        final int updated = handle.createUpdate("UPDATE admin_keys SET name = :name, expires_at = :expires, "
                                                + "revoked_at = :revoked, limits = :limits WHERE id = :id")
                                  .bind("name", key.name())
                                  .bindByType("expires", time(key.expiresAt()), OffsetDateTime.class)
                                  .bindByType("revoked", time(key.revokedAt()), OffsetDateTime.class)
                                  .bind("limits", SettingsJson.text(SettingsJson.limits(key.limits())))
                                  .bind("id", key.id())
                                  .execute();
        if (updated == 0) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "key_not_found", "id", "no key with id '" + key.id()
                                                                                     + "'", null);
        }
    }

    private static Optional<AdminLevel> level(Handle handle, String path) {
        return handle.createQuery("SELECT " + LEVEL_COLUMNS + " FROM admin_levels WHERE path = ?").bind(0, path)
                     .map((rs, ctx) -> level(rs)).findOne();
    }

    private static List<AdminLevel> levels(Handle handle) {
        final List<AdminLevel> levels = handle.createQuery("SELECT " + LEVEL_COLUMNS + " FROM admin_levels")
                                              .map((rs, ctx) -> level(rs)).list();
        levels.sort(java.util.Comparator.comparingInt((AdminLevel level) -> level.path().split("/").length)
                                        .thenComparing(AdminLevel::path));
        return levels;
    }

    private static List<IssuedKey> keys(Handle handle) {
        return handle.createQuery("SELECT " + KEY_COLUMNS + " FROM admin_keys ORDER BY created_at DESC, id")
                     .map((rs, ctx) -> key(rs)).list();
    }

    private static AdminLevel level(ResultSet rs) throws SQLException {
        return new AdminLevel(rs.getString("path"), LevelDepth.ofColumn(rs.getString("kind")), rs.getString("alias"),
                              rs.getString("upstream"), SettingsJson.allowlist(rs.getString("allowlist")),
                              SettingsJson.tags(rs.getString("tags")), SettingsJson.limits(rs.getString("limits")),
                              SettingsJson.parameters(rs.getString("parameters")));
    }

    private static IssuedKey key(ResultSet rs) throws SQLException {
        return new IssuedKey(rs.getString("id"), rs.getString("hash"), rs.getString("endpoint_path"),
                             rs.getString("name"), instant(rs, "created_at"), instant(rs, "expires_at"),
                             instant(rs, "revoked_at"), SettingsJson.limits(rs.getString("limits")));
    }

    private static GatewayException levelNotFound(String path) {
        return new GatewayException(ErrorKind.NOT_FOUND, "level_not_found", "path",
                                    "no level at '" + path + "' was created through the admin API", null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        final OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime now() {
        return time(Instant.now());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
