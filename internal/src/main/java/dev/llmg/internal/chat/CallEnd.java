package dev.llmg.internal.chat;

import java.util.concurrent.CompletionException;

import com.google.protobuf.Message;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.routing.Routed;

/**
 * Ends a call for every use case: writes the answer's gateway metadata and tells the call's recorder how
 * the call ended, so that each use case reports its end the same way.
 */
public final class CallEnd {

    private CallEnd() {}

    /**
     * Returns the metadata of the answer {@code routed} produced, and records the call as answered;
     * {@code answer} is the unary answer (without the metadata), or null for a stream.
     */
    public static GatewayMetadata answered(Call call, Routed<?> routed, Usage usage, FinishReason finishReason,
                                           Message answer) {
        return answered(call, routed, usage, finishReason, answer, null);
    }

    /** Like {@link #answered(Call, Routed, Usage, FinishReason, Message)}, with how the structured output was checked. */
    public static GatewayMetadata answered(Call call, Routed<?> routed, Usage usage, FinishReason finishReason,
                                           Message answer, StructuredOutputResult structured) {
        final GatewayMetadata gateway = GatewayStamp.of(call, routed, structured);
        call.recorder().ended(CallOutcome.answered(gateway, usage, finishReason, answer));
        return gateway;
    }

    /** Records the call as failed, and returns the failure to report (without a future's wrapper). */
    public static Throwable failed(Call call, Throwable cause) {
        final Throwable failure = cause instanceof CompletionException && cause.getCause() != null
                                  ? cause.getCause() : cause;
        call.recorder().ended(CallOutcome.failed(GatewayStamp.ofFailed(call), failure));
        return failure;
    }
}
