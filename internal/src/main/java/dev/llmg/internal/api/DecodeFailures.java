package dev.llmg.internal.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Says, in words for the caller, why the bytes of a request could not be decoded into its message, without
 * the Java and library internals the parsers put in their exceptions (class names, Jackson's
 * {@code [Source: ...]} positions, {@code For input string: "x"}).
 *
 * <p>Which failures count as the caller's is decided where they are raised (the gRPC error mapper knows
 * whether the message had been decoded yet; the REST transcoder reports its own 400s); this class only
 * recognises the parsers' exceptions and describes them.
 */
final class DecodeFailures {

    private static final Pattern JACKSON_POSITION = Pattern.compile("line: (\\d+), column: (\\d+)");
    private static final Pattern GSON_POSITION = Pattern.compile("line (\\d+) column (\\d+)(?: path (\\S+))?");
    /** A Java class name such as {@code com.google.gson.JsonSyntaxException} and the colon after it. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?");
    private static final Pattern FOR_INPUT_STRING = Pattern.compile("For input string: (\"[^\"]*\")");
    private static final String FIELD_TYPES = " (see the request message's field types at /docs)";

    private DecodeFailures() {}

    /** Returns whether {@code failure}, or a cause of it, is a parser's complaint about input bytes. */
    static boolean isDecodeFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException) {
                return false; // the caller went away: not a complaint about its bytes
            }
            if (cause instanceof IllegalArgumentException || cause instanceof IndexOutOfBoundsException
                || isGson(cause) || cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Returns what was wrong with the caller's bytes, for a failure {@link #isDecodeFailure} accepts. */
    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                final JsonProcessingException json = (JsonProcessingException) cause;
                final JsonLocation at = json.getLocation();
                return notJson(at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr(),
                               json.getOriginalMessage());
            }
            if (isGson(cause)) {
                return notJson(gsonPosition(cause.getMessage()), "");
            }
            if (cause instanceof InvalidProtocolBufferException) {
                return protobuf(cause.getMessage());
            }
            if (cause instanceof ZipException) {
                return "the message is marked compressed but is not valid data of its grpc-encoding; compress it "
                       + "with the encoding named in grpc-encoding, or send it uncompressed";
            }
            if (cause instanceof NumberFormatException) {
                return "a number field holds something that is not a number (a string of letters, a boolean, "
                       + "an array or an object)" + FIELD_TYPES;
            }
            if (cause instanceof IndexOutOfBoundsException) {
                return "the body does not hold one complete gRPC message: it needs a 5-byte frame header, then "
                       + "as many bytes as the header's length says";
            }
            if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("Base64")) {
                return "the grpc-web-text body is not valid base64";
            }
        }
        return "the request message could not be decoded" + FIELD_TYPES;
    }

    /** Returns {@code text} from a library with class names, source excerpts and line breaks taken out. */
    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        String clean = text;
        final int source = clean.indexOf("[Source:");
        if (source >= 0) {
            // Jackson appends " at [Source: ...; line: 1, column: 9]" or "(start marker at [Source: ...])".
            final int cut = Math.max(clean.lastIndexOf(" at ", source), clean.lastIndexOf(" (", source));
            clean = clean.substring(0, cut >= 0 ? cut : source);
        }
        clean = FOR_INPUT_STRING.matcher(clean).replaceAll("$1 is not a number");
        clean = CLASS_NAME.matcher(clean).replaceAll("");
        return clean.replaceAll("\\s+", " ").trim();
    }

    /**
     * Returns whether Gson (under protobuf's {@code JsonFormat}) raised {@code cause}; matched by package so
     * that llmg needs no compile-time dependency on Gson.
     */
    private static boolean isGson(Throwable cause) {
        return cause.getClass().getName().startsWith("com.google.gson.");
    }

    private static String notJson(String position, String detail) {
        final String reason = sanitize(detail);
        return "the request body is not valid JSON" + (position.isEmpty() ? "" : " (" + position + ')')
               + (reason.isEmpty() ? "" : ": " + reason);
    }

    private static String protobuf(String message) {
        final String text = String.valueOf(message);
        if (text.startsWith("Protocol message") || text.startsWith("While parsing a protocol message")
            || text.contains("CodedInputStream")) {
            return "the message is not valid protobuf";
        }
        final Matcher position = JACKSON_POSITION.matcher(text);
        if (text.contains("[Source:") && position.find()) {
            return notJson("line " + position.group(1) + ", column " + position.group(2), text);
        }
        final String reason = sanitize(text);
        return "the request body does not fit the request message" + FIELD_TYPES
               + (reason.isEmpty() ? "" : ": " + reason);
    }

    private static String gsonPosition(String message) {
        final Matcher position = GSON_POSITION.matcher(String.valueOf(message));
        if (!position.find()) {
            return "";
        }
        return "line " + position.group(1) + ", column " + position.group(2)
               + (position.group(3) == null ? "" : ", at " + position.group(3));
    }
}
