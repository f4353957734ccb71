package dev.llmg.internal.providers.simulator;

import java.time.Duration;

import dev.llmg.spi.ProviderException;

/**
 * What happens to one request at the simulator: when its answer (or failure) comes, the HTTP status a real
 * provider would have answered with, and how it fails, if it does.
 *
 * @param delay how long before the answer, the first piece, or the failure
 * @param status the HTTP status of the response: 200, or the 4xx/5xx of a refusal
 * @param failure how the request fails, or null when it is answered
 * @param piecesBeforeFailure how many pieces a stream sends before {@code failure} (0 for a refusal)
 */
record SimulatedFault(Duration delay, int status, ProviderException failure, int piecesBeforeFailure) {

    /** Returns a request answered as usual after {@code delay}. */
    static SimulatedFault none(Duration delay) {
        return new SimulatedFault(delay, 200, null, 0);
    }

    /** Returns a request refused with an HTTP error status after {@code delay}, before any answer. */
    static SimulatedFault refusal(Duration delay, ProviderException failure) {
        return new SimulatedFault(delay, failure.providerStatus(), failure, 0);
    }

    /** Returns a request whose answer starts (status 200) and breaks after {@code pieces} streamed pieces. */
    static SimulatedFault cut(Duration delay, int pieces, ProviderException failure) {
        return new SimulatedFault(delay, 200, failure, pieces);
    }

    /** Returns whether the request is refused with an error status before anything of an answer is sent. */
    boolean refused() {
        return failure != null && status != 200;
    }
}
