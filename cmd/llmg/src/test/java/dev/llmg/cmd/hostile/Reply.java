package dev.llmg.cmd.hostile;

import java.util.List;

/**
 * What a surface answered to one hostile input, reduced to what the verdict needs: its kind, the status as the
 * surface states it ({@code HTTP 400}, {@code grpc INVALID_ARGUMENT}, {@code chat.error INVALID_ARGUMENT}),
 * the error message, what is wrong with the error's shape, and an excerpt of the raw answer for the report.
 *
 * @param kind what kind of answer it was
 * @param status the status, as the surface states it
 * @param message the error message, or empty
 * @param shapeProblems how the error departs from the surface's documented error shape
 * @param excerpt the start of the raw answer
 */
record Reply(Kind kind, String status, String message, List<String> shapeProblems, String excerpt) {

    /** The kinds of answer. */
    enum Kind {
        /** A success: 2xx, gRPC OK, a stream that ended with done. */
        ANSWER,
        /** A refusal with a client-error status: 4xx, or a gRPC status other than OK, INTERNAL, UNKNOWN. */
        REFUSAL,
        /** A server error: 5xx, INTERNAL, UNKNOWN, a stream that broke after it started, a socket dropped. */
        SERVER_ERROR,
        /** Nothing, or not all of it, within the time allowed. */
        NO_ANSWER
    }

    /** Returns a reply that says nothing came within {@code seconds}. */
    static Reply noAnswer(double seconds, String what) {
        return new Reply(Kind.NO_ANSWER, "no answer", "", List.of(), what + " within " + seconds + " s");
    }

    /** Returns the first {@code max} characters of {@code text}, with a note of how much was left out. */
    static String excerpt(String text, int max) {
        final String cut = text.length() <= max ? text : text.substring(0, max);
        final StringBuilder printable = new StringBuilder();
        for (int i = 0; i < cut.length(); i++) {
            final char c = cut.charAt(i);
            // Escaped, so that reports (XML among them) stay readable and well-formed.
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
                printable.append(String.format("\\u%04x", (int) c));
            } else {
                printable.append(c);
            }
        }
        return text.length() <= max ? printable.toString()
                                    : printable + "... (" + text.length() + " characters)";
    }
}
