package dev.llmg.internal.chat;

import com.google.protobuf.Duration;

import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.internal.routing.Route;

/**
 * Measures the gateway's own time on one call and writes the metadata every answer carries, for every use
 * case (chat, embeddings).
 *
 * <p>Own time is what the call spent before the provider was asked plus what it spent after the provider
 * answered; the time spent waiting for the provider is the provider's, not the gateway's.
 */
public final class GatewayStamp {

    private final ChatCall call;
    private final Route<?> route;
    private long sentNanos;
    private long answeredNanos;

    /** Starts the stopwatch of a call routed to {@code route}. */
    public GatewayStamp(ChatCall call, Route<?> route) {
        this.call = call;
        this.route = route;
    }

    /** Notes that the request is about to leave for the provider. */
    public void sent() {
        sentNanos = System.nanoTime();
    }

    /** Notes that the provider has answered (or finished streaming). */
    public void answered() {
        answeredNanos = System.nanoTime();
    }

    /** Returns the metadata, with the overhead measured up to now. */
    public GatewayMetadata metadata(String providerRequestId) {
        final long overhead = (sentNanos - call.startNanos()) + (System.nanoTime() - answeredNanos);
        return GatewayMetadata.newBuilder()
                              .setRequestId(call.requestId())
                              .setProvider(route.providerName())
                              .setModel(route.providerModel())
                              .setAttempts(1)
                              .setOverhead(Duration.newBuilder().setSeconds(overhead / 1_000_000_000L)
                                                   .setNanos((int) (overhead % 1_000_000_000L)))
                              .setProviderRequestId(providerRequestId)
                              .setRoute(route.explanation())
                              .build();
    }
}
