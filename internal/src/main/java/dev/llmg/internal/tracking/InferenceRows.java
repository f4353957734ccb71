package dev.llmg.internal.tracking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Turns records into rows of {@code inferences} and {@code inference_attempts} and back, in SQL both H2 and
 * PostgreSQL run unchanged. Parameters are bound by position: a batch of 500 records binds 18,500 of them.
 */
final class InferenceRows {

    /** The columns of {@code inferences} but the bodies, in the order {@link #bindCall} binds them. */
    static final String CALL_COLUMNS =
            "id, started_at, tenant, caller, surface, operation, requested_model, rule, model_group, provider, model, "
            + "streamed, status, error_kind, error_message, latency_micros, first_piece_micros, overhead_micros, "
            + "input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, tokens_estimated, cost_usd, "
            + "finish_reason, trace_id, conversation_id, structured_status, structured_policy, structured_repairs, "
            + "structured_corrections, instruction_name, instruction_version, attempt_count, fell_back";

    static final String INSERT_CALL = "INSERT INTO inferences (" + CALL_COLUMNS + ", request_body, response_body) "
                                      + "VALUES (" + placeholders(37) + ')';

    static final String ATTEMPT_COLUMNS = "inference_id, number, provider, model, outcome, error_kind, error_reason, "
                                          + "latency_micros, backoff_micros, provider_status, provider_request_id, "
                                          + "structured_status, structured_errors";

    static final String INSERT_ATTEMPT = "INSERT INTO inference_attempts (" + ATTEMPT_COLUMNS + ") VALUES ("
                                         + placeholders(13) + ')';

    /** The scale of {@code cost_usd}; costs are rounded to it on the way in so that both databases agree. */
    private static final int COST_SCALE = 10;

    /** The widths of the schema's columns (V1__inferences.sql, V2__structured_output.sql, V9, V10), in characters. */
    private static final int SHORT = 16;
    private static final int WORD = 32;
    private static final int KIND = 64;
    private static final int NAME = 255;
    /** An instruction's name (V9__instructions.sql). */
    private static final int INSTRUCTION = 128;
    /** TEXT is unbounded on PostgreSQL, a million characters on H2. */
    private static final int TEXT = 1_000_000;

    private InferenceRows() {}

    /** Binds every column of {@code record}, bodies included, to {@link #INSERT_CALL}. */
    static void bindCall(SqlStatement<?> statement, InferenceRecord r) {
        int i = 0;
        statement.bind(i++, r.id())
                 .bind(i++, timestamp(r.startedAt()))
                 .bind(i++, fit(r.tenant(), NAME))
                 .bind(i++, fit(r.caller(), NAME))
                 .bind(i++, fit(r.surface(), WORD))
                 .bind(i++, fit(r.operation(), WORD))
                 .bind(i++, fit(r.requestedModel(), NAME))
                 .bind(i++, fit(r.rule(), NAME))
                 .bind(i++, fit(r.group(), NAME))
                 .bind(i++, fit(r.provider(), NAME))
                 .bind(i++, fit(r.model(), NAME))
                 .bind(i++, r.streamed())
                 .bind(i++, fit(r.status(), WORD))
                 .bind(i++, fit(r.errorKind(), KIND))
                 .bind(i++, fit(r.errorMessage(), TEXT))
                 .bind(i++, r.latencyMicros())
                 .bind(i++, r.firstPieceMicros())
                 .bind(i++, r.overheadMicros())
                 .bind(i++, r.inputTokens())
                 .bind(i++, r.outputTokens())
                 .bind(i++, r.cachedInputTokens())
                 .bind(i++, r.reasoningTokens())
                 .bind(i++, r.tokensEstimated())
                 .bind(i++, r.costUsd() == null ? null : r.costUsd().setScale(COST_SCALE, RoundingMode.HALF_UP))
                 .bind(i++, fit(r.finishReason(), KIND))
                 .bind(i++, fit(r.traceId(), KIND))
                 .bind(i++, fit(r.conversationId(), NAME))
                 .bind(i++, fit(r.structuredStatus(), SHORT))
                 .bind(i++, fit(r.structuredPolicy(), SHORT))
                 .bind(i++, join(r.structuredRepairs(), ",", NAME))
                 .bind(i++, r.structuredCorrections())
                 .bind(i++, fit(r.instructionName(), INSTRUCTION))
                 .bind(i++, r.instructionVersion())
                 .bind(i++, r.attempts().size())
                 .bind(i++, r.fellBack())
                 .bind(i++, fit(r.requestBody(), TEXT))
                 .bind(i, fit(r.responseBody(), TEXT));
    }

    /** Binds one attempt of the call {@code inferenceId} to {@link #INSERT_ATTEMPT}. */
    static void bindAttempt(SqlStatement<?> statement, String inferenceId, AttemptRecord a) {
        int i = 0;
        statement.bind(i++, inferenceId)
                 .bind(i++, a.number())
                 .bind(i++, fit(a.provider(), NAME))
                 .bind(i++, fit(a.model(), NAME))
                 .bind(i++, fit(a.outcome(), WORD))
                 .bind(i++, fit(a.errorKind(), KIND))
                 .bind(i++, fit(a.errorReason(), TEXT))
                 .bind(i++, a.latencyMicros())
                 .bind(i++, a.backoffMicros())
                 .bind(i++, a.providerStatus())
                 .bind(i++, fit(a.providerRequestId(), NAME))
                 .bind(i++, fit(a.structuredStatus(), SHORT))
                 .bind(i, join(a.structuredErrors(), "\n", TEXT));
    }

    /**
     * Returns {@code text} cut to a column's width: callers choose some of these values (a model name may be
     * 10,000 characters long), and one record too wide for its column must not fail its whole batch.
     */
    static String fit(String text, int width) {
        return text == null || text.length() <= width ? text : text.substring(0, width);
    }

    /**
     * Returns {@code items} joined by {@code separator}, as many whole items as fit in {@code width} (one item
     * wider than the column alone is cut), or null when there are none.
     */
    static String join(List<String> items, String separator, int width) {
        if (items.isEmpty()) {
            return null;
        }
        final StringBuilder joined = new StringBuilder(fit(items.get(0), width));
        for (String item : items.subList(1, items.size())) {
            if (joined.length() + separator.length() + item.length() > width) {
                break;
            }
            joined.append(separator).append(item);
        }
        return joined.toString();
    }

    /** Returns the items of a column {@link #join} wrote; none when it is null. */
    static List<String> split(String joined, String separator) {
        return joined == null ? List.of() : List.of(joined.split(Pattern.quote(separator), -1));
    }

    /**
     * Returns the argument that writes {@code instant} as a {@code TIMESTAMP WITH TIME ZONE} in UTC, truncated
     * to the microsecond PostgreSQL keeps (it would round otherwise, and the record read back would differ).
     */
    static Argument timestamp(Instant instant) {
        final OffsetDateTime value = micros(instant).atOffset(ZoneOffset.UTC);
        return (position, statement, context) -> statement.setObject(position, value);
    }

    /** Returns {@code instant} truncated to the microsecond. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Reads the call at the result set's row; bodies when {@code withBodies}, never attempts. */
    static InferenceRecord call(ResultSet rs, boolean withBodies, List<AttemptRecord> attempts) throws SQLException {
        return new InferenceRecord(
                rs.getString("id"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                rs.getString("tenant"),
                rs.getString("caller"),
                rs.getString("surface"),
                rs.getString("operation"),
                rs.getString("requested_model"),
                rs.getString("rule"),
                rs.getString("model_group"),
                rs.getString("provider"),
                rs.getString("model"),
                rs.getBoolean("streamed"),
                rs.getString("status"),
                rs.getString("error_kind"),
                rs.getString("error_message"),
                rs.getLong("latency_micros"),
                nullableLong(rs, "first_piece_micros"),
                rs.getLong("overhead_micros"),
                nullableInt(rs, "input_tokens"),
                nullableInt(rs, "output_tokens"),
                nullableInt(rs, "cached_input_tokens"),
                nullableInt(rs, "reasoning_tokens"),
                rs.getBoolean("tokens_estimated"),
                rs.getBigDecimal("cost_usd"),
                rs.getString("finish_reason"),
                rs.getString("trace_id"),
                rs.getString("conversation_id"),
                rs.getString("instruction_name"),
                nullableInt(rs, "instruction_version"),
                withBodies ? rs.getString("request_body") : null,
                withBodies ? rs.getString("response_body") : null,
                rs.getString("structured_status"),
                rs.getString("structured_policy"),
                split(rs.getString("structured_repairs"), ","),
                nullableInt(rs, "structured_corrections"),
                attempts,
                rs.getBoolean("fell_back"));
    }

    /** Reads the attempt at the result set's row. */
    static AttemptRecord attempt(ResultSet rs) throws SQLException {
        return new AttemptRecord(rs.getInt("number"), rs.getString("provider"), rs.getString("model"),
                                 rs.getString("outcome"), rs.getString("error_kind"), rs.getString("error_reason"),
                                 rs.getLong("latency_micros"), rs.getLong("backoff_micros"),
                                 rs.getInt("provider_status"), rs.getString("provider_request_id"),
                                 rs.getString("structured_status"), split(rs.getString("structured_errors"), "\n"));
    }

    /** Returns the sum at {@code column}, zero when the database summed nothing. */
    static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        final BigDecimal value = rs.getBigDecimal(column);
        return value == null ? BigDecimal.ZERO : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        final long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        final int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
