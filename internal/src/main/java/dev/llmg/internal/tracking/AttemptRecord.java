package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One provider attempt of a call, as the {@code inference_attempts} table keeps it.
 *
 * @param number its place among the call's attempts, from 1
 * @param provider the configured provider it went to
 * @param model the provider's name of the model
 * @param outcome {@code succeeded}, {@code failed}, {@code cancelled} or {@code rejected} (it answered, but its
 *     structured answer did not fit)
 * @param errorKind why it failed, in routing's words (e.g. {@code unavailable}, {@code rate_limited}); null when it succeeded
 * @param errorReason the provider's own words about the failure, bounded and scrubbed; null when it succeeded
 * @param latencyMicros how long it took, in microseconds
 * @param backoffMicros how long routing waited before it, in microseconds
 * @param providerStatus the HTTP status the provider answered, or 0
 * @param providerRequestId the provider's request id, to quote to the provider; null when it sent none
 * @param structuredStatus how its structured answer was found: {@code valid}, {@code repaired} or
 *     {@code invalid}; null when it was not checked (it failed, or the call asked for no JSON)
 * @param structuredErrors the validator's messages about its structured answer, each on one line; empty when none
 */
public record AttemptRecord(int number, String provider, String model, String outcome, String errorKind,
                            String errorReason, long latencyMicros, long backoffMicros, int providerStatus,
                            String providerRequestId, String structuredStatus, List<String> structuredErrors) {

    /** Checks the parts that are always known; no errors (null, as in spill lines written before them) is empty. */
    public AttemptRecord {
        requireNonNull(provider, "provider");
        requireNonNull(model, "model");
        requireNonNull(outcome, "outcome");
        structuredErrors = structuredErrors == null ? List.of() : List.copyOf(structuredErrors);
    }
}
