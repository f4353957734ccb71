package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.jdbi.v3.core.Handle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.internal.admin.AdminLedger;
import dev.llmg.internal.storage.Database;

/**
 * Reads and writes the catalog's tables ({@code V6__admin_catalog.sql}). Every write is one transaction with its
 * audit row and revision step ({@link AdminLedger}). Every method blocks on the database.
 */
@Singleton
public final class CatalogStore {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    @Inject
    CatalogStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    /** Reads every provider and model kept. */
    public Catalog read() {
        return database.withHandle(handle -> new Catalog(rows(handle, CatalogKind.PROVIDER),
                                                         rows(handle, CatalogKind.MODEL)));
    }

    /** Returns the shared admin revision, which moves with every admin change on any replica. */
    public long revision() {
        return database.withHandle(AdminLedger::revision);
    }

    /** Adds {@code entry} and its audit row; fails when its name is taken (e.g. by another replica meanwhile). */
    public long insert(CatalogKind kind, CatalogEntry entry, String actor) {
        return database.inTransaction(handle -> {
            final Timestamp now = now();
            handle.createUpdate("INSERT INTO " + kind.table()
                                + " (name, settings, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                  .bind(0, entry.name()).bind(1, text(entry.settings())).bind(2, entry.disabled())
                  .bind(3, now).bind(4, now).execute();
            return AdminLedger.record(handle, actor, kind.noun() + ".create", entry.name(), detail(entry));
        });
    }

    /** Replaces {@code entry}'s settings and records it; returns the revision, or -1 when no such entry is kept. */
    public long update(CatalogKind kind, CatalogEntry entry, String actor) {
        return database.inTransaction(handle -> {
            final int changed = handle.createUpdate("UPDATE " + kind.table()
                                                    + " SET settings = ?, disabled = ?, updated_at = ? WHERE name = ?")
                                      .bind(0, text(entry.settings())).bind(1, entry.disabled()).bind(2, now())
                                      .bind(3, entry.name()).execute();
            if (changed == 0) {
                return -1L;
            }
            return AdminLedger.record(handle, actor, kind.noun() + ".update", entry.name(), detail(entry));
        });
    }

    /** Deletes the entry named {@code name} and records it; returns the revision, or -1 when none is kept. */
    public long delete(CatalogKind kind, String name, String actor) {
        return database.inTransaction(handle -> {
            final int changed = handle.createUpdate("DELETE FROM " + kind.table() + " WHERE name = ?")
                                      .bind(0, name).execute();
            if (changed == 0) {
                return -1L;
            }
            return AdminLedger.record(handle, actor, kind.noun() + ".delete", name, "{}");
        });
    }

    private static Map<String, CatalogEntry> rows(Handle handle, CatalogKind kind) {
        final Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        handle.createQuery("SELECT name, settings, disabled FROM " + kind.table() + " ORDER BY name")
              .map((rs, ctx) -> new CatalogEntry(rs.getString(1), parse(rs.getString(2)), rs.getBoolean(3)))
              .forEach(entry -> entries.put(entry.name(), entry));
        return entries;
    }

    /** Returns what the audit keeps of a change: the settings as given, which hold references, never secrets. */
    private static String detail(CatalogEntry entry) {
        final ObjectNode detail = JSON.createObjectNode();
        detail.set("settings", entry.settings());
        detail.put("disabled", entry.disabled());
        return text(detail);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + node.getNodeType() + " as JSON", e);
        }
    }

    private static ObjectNode parse(String text) {
        try {
            final JsonNode node = JSON.readTree(text);
            return node instanceof ObjectNode ? (ObjectNode) node : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a catalog row's settings are not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
