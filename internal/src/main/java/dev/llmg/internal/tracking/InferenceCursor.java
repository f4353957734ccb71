package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the newest-first listing stopped: the start time and id of its last record. The next page
 * is read with a keyset condition on {@code (started_at, id)}, which an index serves at any depth, unlike
 * {@code OFFSET}; the token is opaque to callers.
 *
 * @param startedAt the last record's start
 * @param id the last record's id, which breaks ties between calls that started in the same instant
 */
public record InferenceCursor(Instant startedAt, String id) {

    /** Checks both parts are present. */
    public InferenceCursor {
        requireNonNull(startedAt, "startedAt");
        requireNonNull(id, "id");
    }

    /** Returns the cursor after {@code record}. */
    public static InferenceCursor after(InferenceRecord record) {
        return new InferenceCursor(record.startedAt(), record.id());
    }

    /** Returns the page token that carries this cursor. */
    public String token() {
        final String text = startedAt.getEpochSecond() + "." + startedAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a page token; empty when it is not one this class made. */
    public static Optional<InferenceCursor> parse(String token) {
        try {
            final String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            final String[] parts = text.split("\\.", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                return Optional.empty();
            }
            final long seconds = Long.parseLong(parts[0]);
            final int nanos = Integer.parseInt(parts[1]);
            if (nanos < 0 || nanos > 999_999_999) {
                return Optional.empty();
            }
            return Optional.of(new InferenceCursor(Instant.ofEpochSecond(seconds, nanos), parts[2]));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
