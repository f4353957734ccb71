package dev.llmg.internal.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One way a {@link FaultyUpstream} answers one request: well, with an HTTP error, by resetting the stream,
 * or by cutting its answer short; optionally after a delay, and for errors with a {@code Retry-After}.
 *
 * <p>Faults are values: two made the same way are equal, so that a test can count the requests that got
 * one ({@link FaultyUpstream#requests(Fault)}).
 *
 * @param kind what the upstream does
 * @param status the HTTP status of a {@link Kind#STATUS} answer, else 200 (or 0 for a reset)
 * @param retryAfter the {@code Retry-After} header to send (seconds, as written), or null
 * @param retryAfterMs the {@code retry-after-ms} header to send, or null
 * @param delay how long the upstream waits before it answers anything
 * @param pieces for {@link Kind#CUT}, how many stream pieces it sends before the cut
 */
public record Fault(Kind kind, int status, String retryAfter, String retryAfterMs, Duration delay, int pieces) {

    /** The number of text pieces of a good streamed answer ({@code Hello}, {@code " from"}, the name). */
    public static final int ANSWER_PIECES = 3;

    /** Says what the upstream does with a request. */
    public enum Kind {
        /** Answers well, with a text that names the upstream. */
        OK,
        /** Answers with an HTTP error status and an OpenAI-shaped (for 529 an Anthropic-shaped) error body. */
        STATUS,
        /** Resets the stream before any header is sent, as a connection that breaks. */
        RESET,
        /**
         * Sends a 200 and then breaks off: a stream after {@link #pieces()} pieces (0: before its first), a
         * unary answer halfway through its JSON body.
         */
        CUT
    }

    /** Checks that the fault makes sense. */
    public Fault {
        requireNonNull(kind, "kind");
        requireNonNull(delay, "delay");
        if (kind == Kind.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
        }
        if (pieces < 0 || pieces > ANSWER_PIECES) {
            throw new IllegalArgumentException("pieces must be between 0 and " + ANSWER_PIECES);
        }
    }

    /** Returns a good answer: unary, one JSON answer; streamed, {@value #ANSWER_PIECES} text pieces and a finish. */
    public static Fault ok() {
        return new Fault(Kind.OK, 200, null, null, Duration.ZERO, 0);
    }

    /** Returns a good answer that starts only after {@code delay}, to outlast an attempt timeout. */
    public static Fault slow(Duration delay) {
        return ok().after(delay);
    }

    /**
     * Returns an error answer with this status: 429 (rate limited), 500, 503, 529 (Anthropic's overloaded),
     * 401 (a bad key), 400 (a bad request), or any other 4xx or 5xx.
     */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null, null, Duration.ZERO, 0);
    }

    /** Returns a reset before any answer: the request arrived, but the stream breaks without a status. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, null, null, Duration.ZERO, 0);
    }

    /** Returns a 200 that breaks before its first stream piece (a unary answer: halfway through its body). */
    public static Fault cutBeforeFirstPiece() {
        return cutAfter(0);
    }

    /** Returns a 200 stream that breaks after {@code pieces} pieces (a unary answer: halfway through its body). */
    public static Fault cutAfter(int pieces) {
        return new Fault(Kind.CUT, 200, null, null, Duration.ZERO, pieces);
    }

    /** Returns this fault with a {@code Retry-After} header, e.g. {@code "1"} (seconds). */
    public Fault retryAfter(String seconds) {
        return new Fault(kind, status, requireNonNull(seconds, "seconds"), retryAfterMs, delay, pieces);
    }

    /** Returns this fault with a {@code retry-after-ms} header, as OpenAI and Azure send. */
    public Fault retryAfterMs(String millis) {
        return new Fault(kind, status, retryAfter, requireNonNull(millis, "millis"), delay, pieces);
    }

    /** Returns this fault, sent only after {@code delay}. */
    public Fault after(Duration delay) {
        return new Fault(kind, status, retryAfter, retryAfterMs, delay, pieces);
    }

    /** Returns a short description for test output, e.g. {@code 429 retry-after=1} or {@code cut after 1}. */
    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder();
        switch (kind) {
            case OK:
                text.append("ok");
                break;
            case STATUS:
                text.append(status);
                break;
            case RESET:
                text.append("reset");
                break;
            default:
                text.append(pieces == 0 ? "cut before the first piece" : "cut after " + pieces);
        }
        if (retryAfter != null) {
            text.append(" retry-after=").append(retryAfter);
        }
        if (retryAfterMs != null) {
            text.append(" retry-after-ms=").append(retryAfterMs);
        }
        if (!delay.isZero()) {
            text.append(" after ").append(delay.toMillis()).append("ms");
        }
        return text.toString();
    }
}
