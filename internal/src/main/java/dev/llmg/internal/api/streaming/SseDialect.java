package dev.llmg.internal.api.streaming;

import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * What one API's Server-Sent Events look like: how a piece, the end and an error are written. The native
 * API and the OpenAI-compatible API differ only in these; {@link SseResponder} does the rest for both.
 *
 * @param <T> the type of the pieces
 */
public interface SseDialect<T> {

    /** Returns the whole event (with its blank line) for {@code piece}, or null to send nothing for it. */
    String event(T piece);

    /** Returns the event that ends a stream that went well. */
    String done();

    /** Returns the HTTP answer to a failure before any event was sent: a real status, the API's error body. */
    AggregatedHttpResponse failureBeforeStart(Throwable cause);

    /** Returns the event that ends a stream with a failure after events were sent. */
    String failureEvent(Throwable cause);
}
