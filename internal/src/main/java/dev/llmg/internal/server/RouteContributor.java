package dev.llmg.internal.server;

import com.linecorp.armeria.server.ServerBuilder;

/**
 * Adds routes of one protocol adapter (OpenAI-compatible REST, Server-Sent Events, WebSocket) to the
 * server.
 *
 * <p>Adapters contribute themselves to a Dagger set, so adding a protocol does not touch the server's
 * assembly; the gRPC services, served through one {@code GrpcService}, join as {@code BindableService}s.
 */
public interface RouteContributor {

    /** Adds this adapter's services and routes to {@code sb}. */
    void addTo(ServerBuilder sb);
}
