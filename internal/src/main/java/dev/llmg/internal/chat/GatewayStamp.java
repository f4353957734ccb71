package dev.llmg.internal.chat;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingDecision;
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
        final RoutingDecision decision = routed.decision();
        return GatewayMetadata.newBuilder()
                              .setRequestId(call.requestId())
                              .setProvider(routed.served().target().provider())
                              .setModel(routed.served().target().model())
                              .setAttempts(decision.getAttemptsCount())
                              .setOverhead(Durations.fromNanos(call.clock().overhead(System.nanoTime()).toNanos()))
                              .setProviderRequestId(routed.attempt().providerRequestId())
                              .setRoute(decision.getSummary())
                              .setRouting(decision)
                              .build();
    }

    /** Returns what is known of a call that failed: its id, its routing so far and the overhead. */
    public static GatewayMetadata ofFailed(Call call) {
        final RoutingDecision decision = call.routing();
        return GatewayMetadata.newBuilder()
                              .setRequestId(call.requestId())
                              .setAttempts(decision.getAttemptsCount())
                              .setOverhead(Durations.fromNanos(call.clock().overhead(System.nanoTime()).toNanos()))
                              .setRoute(decision.getSummary())
                              .setRouting(decision)
                              .build();
    }
}
