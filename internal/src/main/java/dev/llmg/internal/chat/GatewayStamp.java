package dev.llmg.internal.chat;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.routing.Routed;

/**
 * Writes the metadata every answer carries (who served it, the routing decision, the gateway's overhead),
 * the same for every use case (chat, embeddings) and every front door.
 *
 * <p>The overhead is read from the call's clock when the metadata is written: the time since the call
 * started minus what it spent waiting on providers and backoffs.
 */
public final class GatewayStamp {

    private GatewayStamp() {}

    /** Returns the metadata of an answer that {@code routed} produced. */
    public static GatewayMetadata of(Call call, Routed<?> routed) {
        return of(call, routed, null);
    }

    /**
     * Returns the metadata of an answer that {@code routed} produced, with how its structured output was checked
     * ({@code structured}, or null when nothing was), which also goes on the attempt that answered.
     */
    public static GatewayMetadata of(Call call, Routed<?> routed, StructuredOutputResult structured) {
        final RoutingDecision decision = structured == null ? routed.decision() : withCheck(routed.decision(), structured);
        final GatewayMetadata.Builder gateway = call.context().toBuilder()
                              .setRequestId(call.requestId())
                              .setProvider(routed.served().target().provider())
                              .setModel(routed.served().target().model())
                              .setAttempts(decision.getAttemptsCount())
                              .setOverhead(Durations.fromNanos(call.clock().overhead(System.nanoTime()).toNanos()))
                              .setProviderRequestId(routed.attempt().providerRequestId())
                              .setRoute(decision.getSummary())
                              .setRouting(decision);
        if (structured != null) {
            gateway.setStructuredOutput(structured);
        }
        return gateway.build();
    }

    /** Returns what is known of a call that failed: its id, its routing so far and the overhead. */
    public static GatewayMetadata ofFailed(Call call) {
        final RoutingDecision decision = call.routing();
        return call.context().toBuilder()
                              .setRequestId(call.requestId())
                              .setAttempts(decision.getAttemptsCount())
                              .setOverhead(Durations.fromNanos(call.clock().overhead(System.nanoTime()).toNanos()))
                              .setRoute(decision.getSummary())
                              .setRouting(decision)
                              .build();
    }

    /** Returns {@code decision} with {@code structured} on its last attempt, when that attempt is the one that answered. */
    private static RoutingDecision withCheck(RoutingDecision decision, StructuredOutputResult structured) {
        final int last = decision.getAttemptsCount() - 1;
        if (last < 0 || decision.getAttempts(last).getOutcome() != AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED) {
            return decision;
        }
        final RoutingDecision.Builder checked = decision.toBuilder();
        checked.getAttemptsBuilder(last).setStructuredOutput(structured);
        return checked.build();
    }
}
