package dev.llmg.internal.api.json;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Says what is wrong with text that is not JSON, in words a caller can act on: Jackson's own messages name
 * its internals ({@code [Source: ...]}, {@code StreamReadFeature}, character codes), which no caller should
 * have to read.
 */
public final class JsonSyntax {

    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile("Unexpected character \\('(.{1,2})' \\(code");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']{0,40})");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']{0,80})'");

    private JsonSyntax() {}

    /** Returns what is wrong, and where: e.g. "the text ends before its object is closed (line 2, column 1)". */
    public static String describe(JsonProcessingException e) {
        return problem(String.valueOf(e.getOriginalMessage())) + where(e.getLocation());
    }

    private static String problem(String message) {
        if (message.startsWith("Unexpected end-of-input")) {
            return "the text ends before its " + (message.contains("Array") ? "array" : message.contains("Object")
                                                                                       ? "object" : "value")
                   + " is complete";
        }
        Matcher m = DUPLICATE_FIELD.matcher(message);
        if (m.find()) {
            return "the name \"" + m.group(1) + "\" appears twice in one object";
        }
        m = UNEXPECTED_CHARACTER.matcher(message);
        if (m.find()) {
            return "unexpected character '" + printable(m.group(1)) + '\''
                   + (message.contains("was expecting double-quote") ? " where a quoted name was expected"
                      : message.contains("was expecting comma") ? " where a comma was expected"
                      : message.contains("was expecting a colon") ? " where a colon was expected" : "");
        }
        m = UNRECOGNIZED_TOKEN.matcher(message);
        if (m.find()) {
            return "unexpected text '" + printable(m.group(1)) + "' (strings need double quotes; literals are "
                   + "true, false and null)";
        }
        if (message.contains("Illegal unquoted character")) {
            return "a control character (such as a line break) inside a string must be escaped";
        }
        if (message.contains("Illegal character") || message.contains("Invalid UTF-8")) {
            return "the text is not valid UTF-8";
        }
        if (message.contains("Leading zeroes") || message.contains("Invalid numeric value")
            || message.contains("Non-standard token")) {
            return "a number is not written as JSON writes numbers";
        }
        if (message.contains("nesting depth") || message.contains("getMaxNestingDepth")) {
            return "values are nested too deeply";
        }
        if (message.contains("StreamReadConstraints") || message.contains("exceeds the maximum")) {
            return "a name, number or string is longer than the gateway reads";
        }
        return "the text is malformed";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
               : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ')';
    }

    private static String printable(String text) {
        final StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
