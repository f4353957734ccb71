package dev.llmg.internal.call;

import java.util.Optional;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.Usage;

/**
 * How a call ended, as its observers (inference records, spans, metrics) need it.
 *
 * @param gateway the metadata the caller received (or would have): routing decision, provider, overhead
 * @param usage the tokens the call cost, when the provider said (or llmg estimated)
 * @param finishReason why the model stopped; unspecified for a failed call
 * @param failure what went wrong, for a call that failed or was cancelled
 */
public record CallOutcome(GatewayMetadata gateway, Optional<Usage> usage, FinishReason finishReason,
                          Optional<Throwable> failure) {

    /** Returns the outcome of a call that answered. */
    public static CallOutcome answered(GatewayMetadata gateway, Usage usage, FinishReason finishReason) {
        return new CallOutcome(gateway, Optional.ofNullable(usage), finishReason, Optional.empty());
    }

    /** Returns the outcome of a call that failed, with what is known of its routing. */
    public static CallOutcome failed(GatewayMetadata gateway, Throwable failure) {
        return new CallOutcome(gateway, Optional.empty(), FinishReason.FINISH_REASON_UNSPECIFIED,
                               Optional.of(failure));
    }
}
