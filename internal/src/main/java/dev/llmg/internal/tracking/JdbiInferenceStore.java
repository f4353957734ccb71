package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

import dev.llmg.internal.storage.Database;

/**
 * Keeps inference records in the {@code inferences} and {@code inference_attempts} tables with JDBI, in SQL
 * that H2 and PostgreSQL run unchanged. Times are kept to the microsecond (PostgreSQL's precision): a record
 * read back starts at its {@code startedAt} truncated to the microsecond. Costs are kept to 10 decimal places.
 * Every method blocks and throws {@link dev.llmg.internal.storage.StorageUnavailableException} when the
 * database cannot be reached.
 */
@Singleton
public final class JdbiInferenceStore implements InferenceStore {

    /** How many values one {@code IN (...)} list holds, well below PostgreSQL's 32,767 parameters. */
    private static final int IN_LIST_CHUNK = 1000;

    /**
     * Keeps PostgreSQL from reusing a generic plan for the existing-ids query. After five runs the driver
     * prepares it on the server, and a plan made while a fresh table was nearly empty scans the whole table,
     * slower with every batch until autovacuum's first ANALYZE (measured: 3 ms per batch of 500 growing to
     * 600 ms at 50,000 rows). Planned each time, it uses the primary key's index whatever the statistics say.
     */
    private static final StatementCustomizer PLAN_EACH_TIME = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    };

    private final Database database;

    /** Creates the store on {@code database}, whose schema is migrated on first use. */
    @Inject
    public JdbiInferenceStore(Database database) {
        this.database = requireNonNull(database, "database");
    }

    @Override
    public int insert(List<InferenceRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        // A replayed batch may also repeat an id within itself: the first of each id is the one kept.
        final Map<String, InferenceRecord> byId = new LinkedHashMap<>();
        for (InferenceRecord record : records) {
            byId.putIfAbsent(record.id(), record);
        }
        try {
            return insertNew(byId);
        } catch (JdbiException e) {
            if (refusedForItsData(e)) {
                throw new RecordsRejectedException("the database refused a record of the batch: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Returns whether the database refused the data itself: SQLSTATE class 22 (data) or 23 (integrity). */
    private static boolean refusedForItsData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                final String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private int insertNew(Map<String, InferenceRecord> byId) {
        return database.inTransaction(handle -> {
            // Reading the ids already stored, then inserting the others, is portable (no ON CONFLICT or MERGE)
            // and costs one indexed query per batch. Two writers inserting the same new id at once would
            // collide on the primary key and fail the batch; tracking has one writer.
            for (String existing : existingIds(handle, List.copyOf(byId.keySet()))) {
                byId.remove(existing);
            }
            if (byId.isEmpty()) {
                return 0;
            }
            final PreparedBatch calls = handle.prepareBatch(InferenceRows.INSERT_CALL);
            final PreparedBatch attempts = handle.prepareBatch(InferenceRows.INSERT_ATTEMPT);
            boolean anyAttempt = false;
            for (InferenceRecord record : byId.values()) {
                InferenceRows.bindCall(calls, record);
                calls.add();
                for (AttemptRecord attempt : record.attempts()) {
                    InferenceRows.bindAttempt(attempts, record.id(), attempt);
                    attempts.add();
                    anyAttempt = true;
                }
            }
            calls.execute();
            if (anyAttempt) {
                attempts.execute();
            }
            return byId.size();
        });
    }

    @Override
    public Optional<InferenceRecord> find(String id, String tenant) {
        requireNonNull(id, "id");
        // The call first, then its attempts: they are committed together, so once the call is visible its
        // attempts are too (read the other way round, under READ COMMITTED, a call committed between the two
        // statements came back without its attempts).
        return database.withHandle(handle -> {
            final Query query = handle.createQuery(
                    "SELECT " + InferenceRows.CALL_COLUMNS + ", request_body, response_body FROM inferences "
                    + "WHERE id = ?" + (tenant == null ? "" : " AND tenant = ?"));
            query.bind(0, id);
            if (tenant != null) {
                query.bind(1, tenant);
            }
            final Optional<InferenceRecord> call =
                    query.map((rs, ctx) -> InferenceRows.call(rs, true, List.of())).findOne();
            if (call.isEmpty()) {
                return call;
            }
            final List<AttemptRecord> attempts =
                    handle.createQuery("SELECT " + InferenceRows.ATTEMPT_COLUMNS + " FROM inference_attempts "
                                       + "WHERE inference_id = ? ORDER BY number")
                          .bind(0, id)
                          .map((rs, ctx) -> InferenceRows.attempt(rs))
                          .list();
            return Optional.of(call.get().withAttempts(attempts));
        });
    }

    @Override
    public InferencePage list(InferenceFilter filter, Optional<InferenceCursor> after, int pageSize) {
        requireNonNull(filter, "filter");
        requireNonNull(after, "after");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
        }
        final Conditions where = Conditions.of(filter);
        after.ifPresent(cursor -> {
            final Instant startedAt = InferenceRows.micros(cursor.startedAt());
            // The keyset condition (started_at, id) < (cursor), spelled out: the index on (started_at, id)
            // serves it at any depth.
            where.add("(started_at < ? OR (started_at = ? AND id < ?))", InferenceRows.timestamp(startedAt),
                      InferenceRows.timestamp(startedAt), cursor.id());
        });
        final String sql = "SELECT " + InferenceRows.CALL_COLUMNS + " FROM inferences" + where.sql()
                           + " ORDER BY started_at DESC, id DESC LIMIT ?";
        final List<InferenceRecord> rows = database.withHandle(handle -> {
            final Query query = handle.createQuery(sql);
            final int next = where.bindTo(query);
            // One more than the page tells whether a next page exists, without a COUNT.
            query.bind(next, pageSize + 1);
            return query.map((rs, ctx) -> InferenceRows.call(rs, false, List.of())).list();
        });
        if (rows.size() <= pageSize) {
            return new InferencePage(rows, Optional.empty());
        }
        final List<InferenceRecord> page = rows.subList(0, pageSize);
        return new InferencePage(page, Optional.of(InferenceCursor.after(page.get(pageSize - 1))));
    }

    @Override
    public List<UsageRow> usage(UsageQuery query) {
        requireNonNull(query, "query");
        final Conditions where = Conditions.of(query.filter());
        final String sql = UsageSql.select(query.groupBy(), query.bucket(), where.sql());
        return database.withHandle(handle -> {
            final Query statement = handle.createQuery(sql);
            where.bindTo(statement);
            return statement.map((rs, ctx) -> UsageSql.row(rs, query.bucket(), query.groupBy())).list();
        });
    }

    @Override
    public int purgeBefore(Instant cutoff, int limit) {
        requireNonNull(cutoff, "cutoff");
        if (limit < 1) {
            return 0;
        }
        return database.inTransaction(handle -> {
            final List<String> ids =
                    handle.createQuery("SELECT id FROM inferences WHERE started_at < ? "
                                       + "ORDER BY started_at, id LIMIT ?")
                          .bind(0, InferenceRows.timestamp(cutoff))
                          .bind(1, limit)
                          .mapTo(String.class)
                          .list();
            int deleted = 0;
            for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
                final List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
                // The foreign key cascades too; deleting the attempts first does not rely on it.
                handle.createUpdate("DELETE FROM inference_attempts WHERE inference_id IN (<ids>)")
                      .bindList("ids", chunk)
                      .execute();
                deleted += handle.createUpdate("DELETE FROM inferences WHERE id IN (<ids>)")
                                 .bindList("ids", chunk)
                                 .execute();
            }
            return deleted;
        });
    }

    private Set<String> existingIds(Handle handle, List<String> ids) {
        final Set<String> existing = new HashSet<>();
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            final Query query = handle.createQuery("SELECT id FROM inferences WHERE id IN (<ids>)")
                                      .bindList("ids", ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK)));
            if (database.isPostgres()) {
                query.addCustomizer(PLAN_EACH_TIME);
            }
            existing.addAll(query.mapTo(String.class).set());
        }
        return existing;
    }

    /** The WHERE clause of a filter, with its arguments in order. */
    static final class Conditions {
        private final List<String> clauses = new ArrayList<>();
        private final List<Object> arguments = new ArrayList<>();

        static Conditions of(InferenceFilter filter) {
            final Conditions where = new Conditions();
            if (filter.from() != null) {
                where.add("started_at >= ?", InferenceRows.timestamp(filter.from()));
            }
            if (filter.to() != null) {
                where.add("started_at < ?", InferenceRows.timestamp(filter.to()));
            }
            where.equal("requested_model", filter.model());
            where.equal("provider", filter.provider());
            where.equal("status", filter.status());
            where.equal("caller", filter.caller());
            where.equal("tenant", filter.tenant());
            where.equal("structured_status", filter.structuredStatus());
            return where;
        }

        void add(String clause, Object... values) {
            clauses.add(clause);
            arguments.addAll(List.of(values));
        }

        private void equal(String column, String value) {
            if (value != null) {
                add(column + " = ?", value);
            }
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }

        /** Binds the arguments from position 0; returns the next free position. */
        int bindTo(Query query) {
            int position = 0;
            for (Object argument : arguments) {
                if (argument instanceof Argument) {
                    query.bind(position++, (Argument) argument);
                } else {
                    query.bind(position++, (String) argument);
                }
            }
            return position;
        }
    }
}
