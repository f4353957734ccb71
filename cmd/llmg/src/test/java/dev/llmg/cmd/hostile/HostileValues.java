package dev.llmg.cmd.hostile;

import java.util.Random;

/** The raw JSON values every generator draws on: huge, deep, out of range, or not quite text. */
final class HostileValues {

    /** A string of 200,000 characters: larger than any error message should echo, smaller than the body limit. */
    static final String HUGE_STRING = '"' + "a".repeat(200_000) + '"';

    /** 10,000 nested arrays: deeper than any parser should recurse. */
    static final String DEEP_ARRAYS = "[".repeat(10_000) + "]".repeat(10_000);

    /** 10,000 nested objects. */
    static final String DEEP_OBJECTS = "{\"a\":".repeat(10_000) + "{}" + "}".repeat(10_000);

    /** A lone high surrogate as a JSON escape: valid JSON, but no Unicode text. */
    static final String LONE_SURROGATE = "\"\\ud800\"";

    /** NUL, bell, an ANSI colour code and a CR LF (log injection), as JSON escapes. */
    static final String CONTROL_CHARACTERS = "\"\\u0000\\u0007\\u001b[31m\\r\\nINFO forged log line\"";

    /** A number no double holds. */
    static final String HUGE_NUMBER = "1e400";

    private static final String[] ODD_CODE_POINTS = {
            "\\u202e", "\\u200b", "\\ufeff", "\\ud83d\\ude00", "\\u0301", "\\uffff", "\\u0085", "\\u2028", "\\\\",
            "\\\"", "</script>", "${jndi:x}", "\\u00e9" };

    private HostileValues() {}

    /** Returns a JSON string of odd but legal code points, chosen by {@code random}. */
    static String oddText(Random random) {
        final StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < 12; i++) {
            text.append(ODD_CODE_POINTS[random.nextInt(ODD_CODE_POINTS.length)]);
        }
        return text.append('"').toString();
    }
}
