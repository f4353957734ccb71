package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

/**
 * One provider attempt of a call, as the {@code inference_attempts} table keeps it.
 *
 * @param number its place among the call's attempts, from 1
 * @param provider the configured provider it went to
 * @param model the provider's name of the model
 * @param outcome {@code succeeded}, {@code failed}, {@code cancelled} or {@code rejected} (an answer that did
 *                not fit its schema)
 * @param errorKind why it failed, in routing's words (e.g. {@code unavailable}, {@code rate_limited}); null when it succeeded
 * @param errorReason the provider's own words about the failure, bounded and scrubbed; null when it succeeded
 * @param latencyMicros how long it took, in microseconds
 * @param backoffMicros how long routing waited before it, in microseconds
 * @param providerStatus the HTTP status the provider answered, or 0
 * @param providerRequestId the provider's request id, to quote to the provider; null when it sent none
 */
public record AttemptRecord(int number, String provider, String model, String outcome, String errorKind,
                            String errorReason, long latencyMicros, long backoffMicros, int providerStatus,
                            String providerRequestId) {

    /** Checks the parts that are always known. */
    public AttemptRecord {
        requireNonNull(provider, "provider");
        requireNonNull(model, "model");
        requireNonNull(outcome, "outcome");
    }
}
