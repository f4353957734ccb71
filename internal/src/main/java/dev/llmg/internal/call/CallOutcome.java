package dev.llmg.internal.call;

import java.util.Optional;

import com.google.protobuf.Message;

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
 * @param answer the answer as a whole, for a unary call that answered (observers that keep bodies read it);
 *               empty for a stream, whose pieces have gone to the caller, and for a failure
 */
public record CallOutcome(GatewayMetadata gateway, Optional<Usage> usage, FinishReason finishReason,
                          Optional<Throwable> failure, Optional<Message> answer) {

    /** Returns the outcome of a call that answered; {@code answer} is null for a stream. */
    public static CallOutcome answered(GatewayMetadata gateway, Usage usage, FinishReason finishReason,
                                       Message answer) {
        return new CallOutcome(gateway, Optional.ofNullable(usage), finishReason, Optional.empty(),
                               Optional.ofNullable(answer));
    }

    /** Returns the outcome of a call that failed, with what is known of its routing. */
    public static CallOutcome failed(GatewayMetadata gateway, Throwable failure) {
        return new CallOutcome(gateway, Optional.empty(), FinishReason.FINISH_REASON_UNSPECIFIED,
                               Optional.of(failure), Optional.empty());
    }
}
