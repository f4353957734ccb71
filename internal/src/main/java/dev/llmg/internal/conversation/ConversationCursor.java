package dev.llmg.internal.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of conversations or of messages starts, as an opaque token: the keyset of the last item of the
 * previous page, so that pages stay stable while the list grows.
 */
final class ConversationCursor {

    private static final Pattern CONVERSATIONS = Pattern.compile("c1\\|(-?\\d{1,20})\\|([A-Za-z0-9_-]{1,64})");
    private static final Pattern MESSAGES = Pattern.compile("m1\\|(\\d{1,10})\\|(\\d{1,10})\\|(\\d{1,10})");

    private ConversationCursor() {}

    /** The conversation a page of conversations continues after (newest first). */
    record After(Instant createdAt, String id) {
        String token() {
            final long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1000;
            return encode("c1|" + micros + '|' + id);
        }
    }

    /** The message a page of messages continues after (oldest first). */
    record AfterMessage(int turn, int position, int version) {
        String token() {
            return encode("m1|" + turn + '|' + position + '|' + version);
        }
    }

    /** Reads a conversations token; empty when this server did not make it. */
    static Optional<After> conversations(String token) {
        final Matcher m = CONVERSATIONS.matcher(decode(token));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            final long micros = Long.parseLong(m.group(1));
            return Optional.of(new After(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                                                               Math.floorMod(micros, 1_000_000L) * 1000L),
                                         m.group(2)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads a messages token; empty when this server did not make it. */
    static Optional<AfterMessage> messages(String token) {
        final Matcher m = MESSAGES.matcher(decode(token));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AfterMessage(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                                                Integer.parseInt(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
