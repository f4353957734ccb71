package dev.llmg.internal.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jdbi.v3.core.Handle;

/**
 * Writes what every admin change must leave behind, inside the change's own transaction: an audit row (who, what,
 * when) and a step of the shared revision that tells the other replicas to read what the admin API manages again.
 * The tables are in {@code V3__admin_audit.sql}.
 */
public final class AdminLedger {

    private AdminLedger() {}

    /**
     * Records a change in {@code handle}'s transaction and returns the new revision.
     *
     * @param actor the admin caller's id (never a key)
     * @param action e.g. {@code key.create}
     * @param target what changed, e.g. a key's id or a level's path
     * @param detail a JSON object of what was set, with no secret
     */
    public static long record(Handle handle, String actor, String action, String target, String detail) {
        handle.createUpdate("INSERT INTO admin_audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")
              .bind(0, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)))
              .bind(1, actor).bind(2, action).bind(3, target).bind(4, detail)
              .execute();
        handle.createUpdate("UPDATE admin_revision SET revision = revision + 1 WHERE id = 1").execute();
        return revision(handle);
    }

    /** Returns the shared revision: it moves with every admin change on any replica. */
    public static long revision(Handle handle) {
        return handle.createQuery("SELECT revision FROM admin_revision WHERE id = 1").mapTo(Long.class).one();
    }
}
