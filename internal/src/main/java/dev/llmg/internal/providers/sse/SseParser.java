package dev.llmg.internal.providers.sse;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Parses a Server-Sent Events byte stream incrementally, as the bytes arrive, into {@link SseEvent}s.
 *
 * <p>It follows the WHATWG event-stream rules: lines end with {@code \n}, {@code \r\n} or {@code \r};
 * lines starting with {@code :} are comments; one space after the field's colon is dropped, anything else
 * (trailing spaces included) is kept; several {@code data:} lines join with {@code \n}; a blank line
 * dispatches the event, and an event without any {@code data:} line is dropped. Lines are decoded as UTF-8
 * only once complete, so a character split across two chunks survives. Unlike a browser, {@link #finish}
 * also dispatches an event that the stream ended without a blank line after, because some servers omit it.
 *
 * <p>Not thread-safe: one parser reads one stream, from one thread at a time.
 */
public final class SseParser {

    /** The default limit of one buffered line or event, far above any real chunk, against a runaway stream. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final int maxEventBytes;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipLineFeed;
    private boolean firstLine = true;

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId = "";

    /** Creates a parser that buffers at most {@link #DEFAULT_MAX_EVENT_BYTES} per line or event. */
    public SseParser() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** Creates a parser that fails when one line or event grows beyond the given number of bytes. */
    public SseParser(int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds all of the given bytes and passes every event they complete to {@code sink}. */
    public void feed(byte[] bytes, Consumer<? super SseEvent> sink) {
        feed(bytes, 0, bytes.length, sink);
    }

    /** Feeds {@code length} bytes from {@code offset} and passes every event they complete to {@code sink}. */
    public void feed(byte[] bytes, int offset, int length, Consumer<? super SseEvent> sink) {
        requireNonNull(bytes, "bytes");
        requireNonNull(sink, "sink");
        final int end = offset + length;
        for (int i = offset; i < end; i++) {
            final byte b = bytes[i];
            if (skipLineFeed) {
                // The \n of a \r\n pair, possibly in the next chunk.
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                skipLineFeed = true;
                endLine(sink);
            } else if (b == '\n') {
                endLine(sink);
            } else {
                append(b);
            }
        }
    }

    /**
     * Signals the end of the stream: processes a last line that had no line ending and dispatches a pending
     * event.
     */
    public void finish(Consumer<? super SseEvent> sink) {
        requireNonNull(sink, "sink");
        if (lineLength > 0) {
            endLine(sink);
        }
        dispatch(sink);
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            if (lineLength >= maxEventBytes) {
                throw new IllegalStateException("a Server-Sent Events line is longer than " + maxEventBytes
                                                + " bytes");
            }
            line = Arrays.copyOf(line, Math.min(maxEventBytes, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private void endLine(Consumer<? super SseEvent> sink) {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        processLine(text, sink);
    }

    private void processLine(String text, Consumer<? super SseEvent> sink) {
        if (text.isEmpty()) {
            dispatch(sink);
            return;
        }
        if (text.charAt(0) == ':') {
            return; // A comment, e.g. a keep-alive.
        }
        final int colon = text.indexOf(':');
        final String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data":
                if (data.length() + value.length() >= maxEventBytes) {
                    throw new IllegalStateException("a Server-Sent Event is longer than " + maxEventBytes
                                                    + " bytes");
                }
                data.append(value).append('\n');
                hasData = true;
                break;
            case "event":
                eventType = value;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
                break;
            default:
                // "retry" and unknown fields do not matter to a client that never reconnects.
                break;
        }
    }

    private void dispatch(Consumer<? super SseEvent> sink) {
        if (!hasData) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1); // The \n after the last data line.
        final SseEvent event = new SseEvent(eventType, data.toString(), lastEventId);
        data.setLength(0);
        hasData = false;
        eventType = "";
        sink.accept(event);
    }
}
