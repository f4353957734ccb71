package dev.llmg.internal.providers.simulator;

import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a simulator misbehaves on purpose ({@code providers.<name>.faults}), so that retries, fallbacks,
 * breakers and timeouts can be seen and tested offline. Each request meets at most one fault, drawn at
 * random by the shares (which must add up to at most 1); the others are answered as usual. Every fault looks
 * to the gateway exactly like the real failure it stands for: the same error kind, provider status,
 * retryability and {@code Retry-After}.
 *
 * @param rateLimited a share of requests refused with 429, as a rate-limited provider does
 * @param serverErrors a share of requests failed with a 5xx status, as a provider that is down or overloaded does
 * @param stalls a share of requests that get no answer (and no first piece) for a while
 * @param failAfterPieces a share of streams whose connection breaks after a number of pieces
 * @param latencyJitter makes each request's latency uniformly random in [latency, latency + jitter]
 *                      (default 0s: always {@code latency})
 * @param seed the seed of the draws, so that a run can be repeated (default: a new one at each start)
 */
public record SimulatorFaults(RateLimited rateLimited, ServerErrors serverErrors, Stalls stalls,
                              FailAfterPieces failAfterPieces, Duration latencyJitter, Long seed) {

    /** No faults: every request is answered after exactly the simulator's latency. */
    public static final SimulatorFaults NONE = new SimulatorFaults(null, null, null, null, null, null);

    /** Checks that the shares add up to at most 1, and fills in the jitter. */
    public SimulatorFaults {
        latencyJitter = latencyJitter == null ? Duration.ZERO : latencyJitter;
        final double total = shareOf(rateLimited) + shareOf(serverErrors) + shareOf(stalls) + shareOf(failAfterPieces);
        if (total > 1 + 1e-9) {
            throw new IllegalArgumentException("the shares of the faults add up to " + (float) total
                                               + "; they must add up to at most 1, since a request meets at most "
                                               + "one fault");
        }
    }

    private static double shareOf(Fault fault) {
        return fault == null ? 0 : fault.share();
    }

    /** A fault that strikes a share of requests. */
    interface Fault {
        /** Returns the share of requests it strikes, from 0 to 1. */
        Double share();
    }

    /**
     * {@code faults.rate_limited}: a 429 (RATE_LIMITED, retryable).
     *
     * @param share the share of requests refused; required
     * @param retryAfter the wait the refusal asks for, sent as {@code Retry-After}; unset sends none (routing
     *                   then moves on to the next target at once)
     */
    public record RateLimited(Double share, Duration retryAfter) implements Fault {
        /** Checks the share. */
        public RateLimited {
            checkShare(share);
        }
    }

    /**
     * {@code faults.server_errors}: a 5xx (UNAVAILABLE, or TIMEOUT for 504; retryable).
     *
     * @param share the share of requests failed; required
     * @param status the status: 500, 502, 503, 504 or 529 (Anthropic's "overloaded"); default 500
     */
    public record ServerErrors(Double share, Integer status) implements Fault {

        private static final Set<Integer> STATUSES = Set.of(500, 502, 503, 504, 529);

        /** Checks the share and the status. */
        public ServerErrors {
            checkShare(share);
            status = status == null ? 500 : status;
            if (!STATUSES.contains(status)) {
                throw new IllegalArgumentException("status must be one of 500, 502, 503, 504 or 529, not " + status);
            }
        }
    }

    /**
     * {@code faults.stalls}: nothing is sent for {@code for}, then the answer comes as usual; an attempt
     * timeout or the call's deadline usually ends the wait first.
     *
     * @param share the share of requests stalled; required
     * @param duration ({@code for}) how long nothing is sent; required
     */
    public record Stalls(Double share, @JsonProperty("for") Duration duration) implements Fault {
        /** Checks the share and the duration. */
        public Stalls {
            checkShare(share);
            if (duration == null || duration.isZero()) {
                throw new IllegalArgumentException("for is required: how long a stalled request gets nothing, e.g. 30s");
            }
        }
    }

    /**
     * {@code faults.fail_after_pieces}: the connection breaks (UNAVAILABLE, retryable) after {@code pieces}
     * streamed pieces, or after the last one when the answer has fewer; a unary answer fails whole.
     *
     * @param share the share of requests cut; required
     * @param pieces how many pieces are sent before the break; 0 breaks a stream before its first piece; required
     */
    public record FailAfterPieces(Double share, Integer pieces) implements Fault {
        /** Checks the share and the number of pieces. */
        public FailAfterPieces {
            checkShare(share);
            if (pieces == null || pieces < 0 || pieces > 100_000) {
                throw new IllegalArgumentException("pieces must be between 0 and 100000 (the pieces sent before the "
                                                   + "connection breaks), not " + pieces);
            }
        }
    }

    private static void checkShare(Double share) {
        if (share == null) {
            throw new IllegalArgumentException("share is required: the part of requests it strikes, from 0 to 1");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1, not " + share);
        }
    }
}
