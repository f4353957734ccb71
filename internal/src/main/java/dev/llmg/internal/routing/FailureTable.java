package dev.llmg.internal.routing;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * What a failed attempt means for the call: the README's table of failures, implemented once.
 *
 * <table>
 *   <tr><th>failure</th><th>action</th></tr>
 *   <tr><td>429 with a Retry-After that fits</td><td>{@link Action#RETRY}: the same target after it waits</td></tr>
 *   <tr><td>429 with no Retry-After that the provider explicitly asks to retry after a backoff (AWS's
 *       {@code ThrottlingException}, {@code x-should-retry: true})</td>
 *       <td>{@link Action#RETRY}: the same target after the configured backoff, then the next</td></tr>
 *   <tr><td>any other 429 without a usable Retry-After</td>
 *       <td>{@link Action#MOVE_ON}: the next target at once</td></tr>
 *   <tr><td>5xx, 529, timeouts, refused or reset connections, a stream cut before its first piece</td>
 *       <td>{@link Action#RETRY}: the same target after a backoff, then the next</td></tr>
 *   <tr><td>401, 403, 404, an unreadable answer, {@code x-should-retry: false}</td>
 *       <td>{@link Action#MOVE_ON}</td></tr>
 *   <tr><td>400 and other bad requests, a content-filter refusal, a cancelled call</td>
 *       <td>{@link Action#GIVE_UP}: straight back to the caller</td></tr>
 *   <tr><td>an answer the use case rejected ({@link AnswerRejected}) that it wants corrected</td>
 *       <td>{@link Action#ASK_AGAIN}: the same target at once, with a correction turn</td></tr>
 *   <tr><td>any other rejected answer</td><td>{@link Action#MOVE_ON}</td></tr>
 * </table>
 */
final class FailureTable {

    /** What to do after a failed attempt. */
    enum Action {
        /** Try the same target again after a wait (while its tries and retry budget last), then move on. */
        RETRY,
        /** Try the next target at once; this one would fail the same way. */
        MOVE_ON,
        /** Report the failure: no target would answer otherwise. */
        GIVE_UP,
        /**
         * Ask the same target again at once: it answered, but not in the shape asked for, and the use case sends a
         * correction. Not the target's failure, so no backoff, retry budget or breaker applies.
         */
        ASK_AGAIN
    }

    private FailureTable() {}

    /** Returns what to do after {@code failure}. */
    static Action actionFor(GatewayException failure) {
        if (failure instanceof AnswerRejected) {
            return ((AnswerRejected) failure).askAgain() ? Action.ASK_AGAIN : Action.MOVE_ON;
        }
        final ErrorKind kind = failure.kind();
        switch (kind) {
            case INVALID_ARGUMENT:
            case CANCELLED:
                return Action.GIVE_UP;
            case RATE_LIMITED:
                return (retryAfterOf(failure) != null || backOff(failure)) && retryable(failure)
                       ? Action.RETRY : Action.MOVE_ON;
            case UNAVAILABLE:
            case TIMEOUT:
                if ("deadline_exceeded".equals(failure.reason())) {
                    return Action.GIVE_UP;
                }
                return retryable(failure) ? Action.RETRY : Action.MOVE_ON;
            default:
                return Action.MOVE_ON; // UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION, INTERNAL
        }
    }

    /** Returns how long the provider asked to wait, or null when it did not say. */
    static java.time.Duration retryAfterOf(GatewayException failure) {
        return failure instanceof ProviderException ? ((ProviderException) failure).retryAfter().orElse(null) : null;
    }

    /** Returns whether the provider asked for a retry after a backoff it left to us (no Retry-After). */
    private static boolean backOff(GatewayException failure) {
        return failure instanceof ProviderException && ((ProviderException) failure).backOff();
    }

    private static boolean retryable(GatewayException failure) {
        // A provider's "x-should-retry: false" (and its own judgement of the error) is honoured; failures that are
        // not the provider's (an attempt timeout of the gateway's) are retryable.
        return !(failure instanceof ProviderException) || ((ProviderException) failure).retryable();
    }
}
