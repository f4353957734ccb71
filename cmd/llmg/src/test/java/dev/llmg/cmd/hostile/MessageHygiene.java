package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an error message the way a caller reads it: it says something, it is not just an HTTP reason
 * phrase, it does not show the gateway's insides (exception names, Java packages, stack frames, parser
 * internals such as Jackson's source positions or {@code For input string}), and it is short enough to
 * read, whatever the caller sent.
 */
final class MessageHygiene {

    /** The longest message a caller should get; anything longer echoes input without bound. */
    static final int MAX_MESSAGE = 2_000;

    private static final List<String> INTERNALS = List.of(
            "Exception", "java.", "javax.", "com.google", "com.fasterxml", "com.linecorp", "io.grpc", "io.netty",
            "dev.llmg.", "For input string", "%0A", "\tat ", "StreamReadConstraints", "Gson", "MalformedJson",
            "[Source:", "NullPointer", "stack trace");
    private static final Pattern METHOD_CALL = Pattern.compile("\\b[a-z][A-Za-z0-9]*\\(\\)");
    /** A qualified Java class name; proto type names (gatewayapi.v1.ChatRequest) are public API, not internals. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?!gatewayapi\\.|jsonapi\\.|google\\.protobuf\\.)(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9$]*");
    private static final List<String> REASON_PHRASES = List.of(
            "Bad Request", "Not Found", "Internal Server Error", "Unsupported Media Type", "Method Not Allowed",
            "Request Entity Too Large", "Payload Too Large", "Unknown", "Internal", "INTERNAL", "UNKNOWN");

    private MessageHygiene() {}

    /** Returns what is wrong with {@code message}; empty when a caller can act on it. */
    static List<String> problems(String message) {
        final List<String> problems = new ArrayList<>();
        if (message == null || message.isBlank()) {
            problems.add("the error message is empty");
            return problems;
        }
        if (REASON_PHRASES.contains(message.strip())) {
            problems.add("the error message is only '" + message.strip() + "', which says nothing to fix");
        }
        if (message.length() > MAX_MESSAGE) {
            problems.add("the error message has " + message.length() + " characters (at most " + MAX_MESSAGE
                         + "): it echoes the input without bound");
        }
        final String head = message.length() > 20_000 ? message.substring(0, 20_000) : message;
        for (String internal : INTERNALS) {
            if (head.contains(internal)) {
                problems.add("the error message shows internals ('" + internal + "')");
            }
        }
        if (METHOD_CALL.matcher(head).find()) {
            problems.add("the error message shows a method call ('" + find(METHOD_CALL, head) + "')");
        }
        if (CLASS_NAME.matcher(head).find()) {
            problems.add("the error message shows a class name ('" + find(CLASS_NAME, head) + "')");
        }
        return problems;
    }

    private static String find(Pattern pattern, String text) {
        final java.util.regex.Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group() : "";
    }
}
