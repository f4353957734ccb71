package dev.llmg.internal.api;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounds the text an error carries back to a caller, so that an error answers at once on every surface.
 *
 * <p>Messages echo what the caller sent ({@code model 'x' is not configured}); a 200,000-character model name
 * made gRPC trailers too large to send, and the caller waited for its deadline. Every value quoted in a
 * message is cut to {@value #MAX_QUOTED_CHARACTERS} characters, a whole message to {@value #MAX_MESSAGE_BYTES}
 * UTF-8 bytes and an {@code ErrorDetail} field to {@value #MAX_FIELD_BYTES}: together, with gRPC's
 * percent-encoding and base64, they stay well inside the 8 KiB of headers gRPC clients accept.
 */
public final class ErrorText {

    /** The most UTF-8 bytes a message keeps. */
    public static final int MAX_MESSAGE_BYTES = 1024;
    /** The most UTF-8 bytes a short field (field path, reason, provider request id) keeps. */
    public static final int MAX_FIELD_BYTES = 200;
    /** The most characters a value quoted in a message keeps. */
    public static final int MAX_QUOTED_CHARACTERS = 100;

    private static final String ELLIPSIS = "…";
    private static final Pattern QUOTED = Pattern.compile("'([^']{" + (MAX_QUOTED_CHARACTERS + 1) + ",})'");

    private ErrorText() {}

    /** Returns {@code message} with long quoted values shortened and the whole cut to its bound. */
    public static String message(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        final Matcher quoted = QUOTED.matcher(message);
        final StringBuilder shortened = new StringBuilder();
        while (quoted.find()) {
            final String value = quoted.group(1);
            quoted.appendReplacement(shortened, Matcher.quoteReplacement(
                    '\'' + codePoints(value, MAX_QUOTED_CHARACTERS) + ELLIPSIS + "' ("
                    + value.codePointCount(0, value.length()) + " characters)"));
        }
        quoted.appendTail(shortened);
        return bytes(shortened.toString(), MAX_MESSAGE_BYTES);
    }

    /** Returns {@code field} cut to {@value #MAX_FIELD_BYTES} UTF-8 bytes. */
    public static String field(String field) {
        return field == null ? "" : bytes(field, MAX_FIELD_BYTES);
    }

    /** Returns {@code text} cut to at most {@code max} UTF-8 bytes, ending in an ellipsis if it was cut. */
    static String bytes(String text, int max) {
        if (text.length() * 3 <= max || text.getBytes(StandardCharsets.UTF_8).length <= max) {
            return text;
        }
        final int budget = max - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            final int codePoint = text.codePointAt(end);
            final int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    private static String codePoints(String text, int count) {
        return text.substring(0, text.offsetByCodePoints(0, Math.min(count, text.codePointCount(0, text.length()))));
    }
}
