package dev.llmg.internal.providers.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Draws, for each request to one simulator, which of its configured faults (if any) strikes it and how long
 * it waits, so that the simulator fails the way a real provider does: a 429 with its {@code Retry-After},
 * a 5xx, silence, or a connection that breaks mid-answer.
 *
 * <p>One number in [0, 1) picks the fault: the shares are laid end to end (rate limits, server errors,
 * stalls, broken streams), so each strikes exactly its share of requests and no request meets two.
 * Thread-safe: draws take a lock on the generator, which is held for two numbers, so any generator will do.
 */
final class FaultDice {

    private final String provider;
    private final Duration latency;
    private final SimulatorFaults faults;
    private final RandomGenerator random;

    /** Creates the dice of the simulator named {@code provider}, drawing from {@code random}. */
    FaultDice(String provider, Duration latency, SimulatorFaults faults, RandomGenerator random) {
        this.provider = requireNonNull(provider, "provider");
        this.latency = requireNonNull(latency, "latency");
        this.faults = requireNonNull(faults, "faults");
        this.random = requireNonNull(random, "random");
    }

    /** Draws what happens to the next request. */
    SimulatedFault roll() {
        final double pick;
        final long jitterNanos;
        synchronized (random) {
            pick = random.nextDouble();
            final long most = faults.latencyJitter().toNanos();
            jitterNanos = most == 0 ? 0 : random.nextLong(most + 1);
        }
        final Duration delay = latency.plusNanos(jitterNanos);
        double edge = 0;
        final SimulatorFaults.RateLimited rateLimited = faults.rateLimited();
        if (rateLimited != null && pick < (edge += rateLimited.share())) {
            return SimulatedFault.refusal(delay, rateLimit(rateLimited.retryAfter()));
        }
        final SimulatorFaults.ServerErrors serverErrors = faults.serverErrors();
        if (serverErrors != null && pick < (edge += serverErrors.share())) {
            return SimulatedFault.refusal(delay, serverError(serverErrors.status()));
        }
        final SimulatorFaults.Stalls stalls = faults.stalls();
        if (stalls != null && pick < (edge += stalls.share())) {
            return SimulatedFault.none(stalls.duration());
        }
        final SimulatorFaults.FailAfterPieces cuts = faults.failAfterPieces();
        if (cuts != null && pick < (edge += cuts.share())) {
            return SimulatedFault.cut(delay, cuts.pieces(), connectionLost());
        }
        return SimulatedFault.none(delay);
    }

    /** What OpenAI's 429 becomes in {@link ProviderErrors}: RATE_LIMITED, retryable, with its Retry-After. */
    private ProviderException rateLimit(Duration retryAfter) {
        return ProviderException.builder(provider, ErrorKind.RATE_LIMITED)
                                .reason("rate_limit_exceeded")
                                .providerStatus(429)
                                .retryAfter(retryAfter)
                                .retryable(true)
                                .message(provider + " answered 429: rate limit reached"
                                         + (retryAfter == null ? "" : ", retry after " + retryAfter.toMillis() + " ms")
                                         + " (simulated by " + key("rate_limited") + ')')
                                .build();
    }

    /** What a 5xx without a body becomes in {@link ProviderErrors}: UNAVAILABLE (TIMEOUT for 504), retryable. */
    private ProviderException serverError(int status) {
        return ProviderException.builder(provider, ProviderErrors.kindOf(status))
                                .reason("http_" + status)
                                .providerStatus(status)
                                .retryable(true)
                                .message(provider + " answered HTTP " + status + " (simulated by "
                                         + key("server_errors") + ')')
                                .build();
    }

    /**
     * What a connection broken mid-answer becomes in {@link ProviderErrors}: UNAVAILABLE, retryable, without a
     * status of its own (the 200 of the answer's start is reported on the attempt).
     */
    private ProviderException connectionLost() {
        return ProviderException.builder(provider, ErrorKind.UNAVAILABLE)
                                .reason("connection_lost")
                                .retryable(true)
                                .message("the connection to " + provider + " broke in the middle of the answer "
                                         + "(simulated by " + key("fail_after_pieces") + ')')
                                .build();
    }

    private String key(String fault) {
        return "providers." + provider + ".faults." + fault;
    }
}
