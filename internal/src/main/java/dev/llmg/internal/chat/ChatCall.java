package dev.llmg.internal.chat;

import static java.util.Objects.requireNonNull;

/**
 * What the protocol adapter knows about a call that the use case needs: the id to return and when the
 * request arrived, from which the gateway's own overhead is measured.
 *
 * @param requestId the id of the request, also sent back in the {@code x-request-id} header
 * @param startNanos {@link System#nanoTime()} when the adapter received the request
 */
public record ChatCall(String requestId, long startNanos) {

    /** Checks the id is present. */
    public ChatCall {
        requireNonNull(requestId, "requestId");
    }
}
