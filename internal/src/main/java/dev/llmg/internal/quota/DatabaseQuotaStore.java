package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import dev.llmg.internal.storage.Database;

/**
 * Keeps the counters in the storage database (tables {@code quota_counters} and {@code quota_slots}, migration
 * {@code V4__quota.sql}), shared by every replica on it. The SQL runs unchanged on H2 2.x and PostgreSQL:
 * a counter is changed under a row lock ({@code SELECT ... FOR UPDATE}) held by a one-row transaction, and a
 * missing row is inserted outside any transaction, a duplicate meaning another replica inserted it first.
 * Every method blocks; {@link Quotas} calls them on its own thread.
 */
public final class DatabaseQuotaStore implements QuotaStore {

    /** The kind of the counter row that serializes slot grants of a scope (its value is unused). */
    static final String SLOTS_LOCK = "slots";

    private final Database database;

    /** Uses {@code database}, which the caller closes. */
    public DatabaseQuotaStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    /** Returns true: every replica on the database shares it. */
    @Override
    public boolean isShared() {
        return true;
    }

    /** Grants up to {@code wanted} units within {@code limit} under the counter's row lock. */
    @Override
    public Grant take(CounterKey key, long wanted, long limit) {
        for (int attempt = 0;; attempt++) {
            final Optional<Grant> grant = database.inTransaction(handle -> {
                final Optional<Long> used = lockCounter(handle, key);
                if (used.isEmpty()) {
                    return Optional.<Grant>empty();
                }
                final long granted = Math.max(0, Math.min(wanted, limit - used.get()));
                if (granted > 0) {
                    setCounter(handle, key, used.get() + granted);
                }
                return Optional.of(new Grant(granted, used.get() + granted));
            });
            if (grant.isPresent()) {
                return grant.get();
            }
            if (attempt > 0) {
                throw new IllegalStateException("The quota counter " + key + " vanished twice while being taken");
            }
            insertCounter(key);
        }
    }

    /** Takes unused units off the counter. */
    @Override
    public void giveBack(CounterKey key, long units) {
        database.withHandle(handle -> handle.createUpdate(
                        "UPDATE quota_counters SET used = CASE WHEN used > :units THEN used - :units ELSE 0 END "
                        + "WHERE scope = :scope AND kind = :kind AND window_start = :window")
                                              .bind("units", units)
                                              .bind("scope", key.scope())
                                              .bind("kind", key.kind())
                                              .bind("window", key.windowStart())
                                              .execute());
    }

    /** Adds to the counter in one statement (no transaction: one row, atomic) and reads it back. */
    @Override
    public long add(CounterKey key, long delta) {
        if (delta != 0) {
            final int updated = database.withHandle(handle -> increment(handle, key, delta));
            if (updated == 0) {
                insertCounter(key);
                database.withHandle(handle -> increment(handle, key, delta));
            }
        }
        return database.withHandle(handle -> handle.createQuery(
                        "SELECT used FROM quota_counters WHERE scope = :scope AND kind = :kind AND window_start = :window")
                                                   .bind("scope", key.scope())
                                                   .bind("kind", key.kind())
                                                   .bind("window", key.windowStart())
                                                   .mapTo(Long.class)
                                                   .findOne()
                                                   .orElse(0L));
    }

    /**
     * Grants slots under the scope's lock row, counting only the slots of instances that beat at or after
     * {@code liveSinceMillis}: a crashed replica's slots come back once it has missed its beats. Rows of new
     * instances start at 0 held, so one inserted while the lock is held cannot make the sum wrong.
     */
    @Override
    public int holdSlots(String scope, String instance, int wanted, int limit, long nowMillis, long liveSinceMillis) {
        for (int attempt = 0;; attempt++) {
            final Optional<Integer> held = database.inTransaction(handle -> {
                if (lockCounter(handle, new CounterKey(scope, SLOTS_LOCK, 0)).isEmpty()) {
                    return Optional.<Integer>empty();
                }
                final Optional<Integer> current = handle.createQuery(
                                "SELECT held FROM quota_slots WHERE scope = :scope AND instance = :instance")
                                                        .bind("scope", scope)
                                                        .bind("instance", instance)
                                                        .mapTo(Integer.class)
                                                        .findOne();
                if (current.isEmpty()) {
                    return Optional.<Integer>empty();
                }
                final int granted;
                if (wanted <= current.get()) {
                    granted = wanted;
                } else {
                    final long others = handle.createQuery(
                                    "SELECT COALESCE(SUM(held), 0) FROM quota_slots WHERE scope = :scope "
                                    + "AND instance <> :instance AND beat_at >= :live")
                                              .bind("scope", scope)
                                              .bind("instance", instance)
                                              .bind("live", liveSinceMillis)
                                              .mapTo(Long.class)
                                              .one();
                    granted = (int) Math.max(current.get(), Math.min(wanted, limit - others));
                }
                handle.createUpdate("UPDATE quota_slots SET held = :held, beat_at = :now "
                                    + "WHERE scope = :scope AND instance = :instance")
                      .bind("held", granted)
                      .bind("now", nowMillis)
                      .bind("scope", scope)
                      .bind("instance", instance)
                      .execute();
                return Optional.of(granted);
            });
            if (held.isPresent()) {
                return held.get();
            }
            if (attempt > 0) {
                throw new IllegalStateException("The quota slot rows of " + scope + " vanished twice");
            }
            insertCounter(new CounterKey(scope, SLOTS_LOCK, 0));
            insertIgnoringDuplicate("INSERT INTO quota_slots (scope, instance, held, beat_at) VALUES (?, ?, 0, ?)",
                                    scope, instance, nowMillis);
        }
    }

    /** Marks every slot row of the instance alive. */
    @Override
    public void beat(String instance, long nowMillis) {
        database.withHandle(handle -> handle.createUpdate("UPDATE quota_slots SET beat_at = :now WHERE instance = :instance")
                                            .bind("now", nowMillis)
                                            .bind("instance", instance)
                                            .execute());
    }

    /** Deletes the instance's slot rows. */
    @Override
    public void leave(String instance) {
        database.withHandle(handle -> handle.createUpdate("DELETE FROM quota_slots WHERE instance = :instance")
                                            .bind("instance", instance)
                                            .execute());
    }

    /** Deletes the counters of windows that ended. */
    @Override
    public void purge(String kind, long windowStart) {
        database.withHandle(handle -> handle.createUpdate(
                        "DELETE FROM quota_counters WHERE kind = :kind AND window_start < :window")
                                            .bind("kind", kind)
                                            .bind("window", windowStart)
                                            .execute());
    }

    /** Does nothing: the database belongs to the caller. */
    @Override
    public void close() {
        // The database is closed by its owner.
    }

    private static Optional<Long> lockCounter(Handle handle, CounterKey key) {
        return handle.createQuery("SELECT used FROM quota_counters WHERE scope = :scope AND kind = :kind "
                                  + "AND window_start = :window FOR UPDATE")
                     .bind("scope", key.scope())
                     .bind("kind", key.kind())
                     .bind("window", key.windowStart())
                     .mapTo(Long.class)
                     .findOne();
    }

    private static void setCounter(Handle handle, CounterKey key, long used) {
        handle.createUpdate("UPDATE quota_counters SET used = :used WHERE scope = :scope AND kind = :kind "
                            + "AND window_start = :window")
              .bind("used", used)
              .bind("scope", key.scope())
              .bind("kind", key.kind())
              .bind("window", key.windowStart())
              .execute();
    }

    private static int increment(Handle handle, CounterKey key, long delta) {
        return handle.createUpdate("UPDATE quota_counters SET used = used + :delta WHERE scope = :scope "
                                   + "AND kind = :kind AND window_start = :window")
                     .bind("delta", delta)
                     .bind("scope", key.scope())
                     .bind("kind", key.kind())
                     .bind("window", key.windowStart())
                     .execute();
    }

    private void insertCounter(CounterKey key) {
        insertIgnoringDuplicate("INSERT INTO quota_counters (scope, kind, window_start, used) VALUES (?, ?, ?, 0)",
                                key.scope(), key.kind(), key.windowStart());
    }

    /** Inserts a row in its own statement; a duplicate key means another replica inserted it, which is as good. */
    private void insertIgnoringDuplicate(String sql, Object... values) {
        try {
            database.withHandle(handle -> handle.execute(sql, values));
        } catch (RuntimeException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException && "23505".equals(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
