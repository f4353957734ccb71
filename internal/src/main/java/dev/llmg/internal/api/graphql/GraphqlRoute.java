package dev.llmg.internal.api.graphql;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.websocket.WebSocketService;
import com.linecorp.armeria.server.websocket.WebSocketServiceBuilder;

import dev.llmg.internal.api.ws.OpenSockets;
import dev.llmg.internal.api.ws.WebSocketSettings;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.server.RouteContributor;
import dev.llmg.internal.server.ServerSettings;

/**
 * Serves {@code /graphql}: a WebSocket upgrade asking for {@code graphql-transport-ws} opens a subscription socket
 * (with {@code server.websocket}'s origin allowlist, message size and idle timeout, like the chat WebSocket),
 * and any other request is GraphQL over HTTP or the explorer page.
 */
final class GraphqlRoute implements RouteContributor {

    /** The endpoint's path. */
    static final String PATH = "/graphql";

    private final GraphqlEngine engine;
    private final CallFactory calls;
    private final Authenticator authenticator;
    private final GraphqlSettings settings;
    private final WebSocketSettings sockets;
    private final ServerSettings server;

    @Inject
    GraphqlRoute(GraphqlEngine engine, CallFactory calls, Authenticator authenticator, GraphqlSettings settings,
                 WebSocketSettings sockets, ServerSettings server) {
        this.server = requireNonNull(server, "server");
        this.engine = requireNonNull(engine, "engine");
        this.calls = requireNonNull(calls, "calls");
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.settings = requireNonNull(settings, "settings");
        this.sockets = requireNonNull(sockets, "sockets");
    }

    @Override
    public void addTo(ServerBuilder sb) {
        final OpenSockets open = new OpenSockets();
        sb.serverListener(open); // closes the sockets with 1001 when the server stops
        final WebSocketServiceBuilder service =
                WebSocketService.builder(new GraphqlSocketHandler(engine, calls, authenticator, settings, sockets,
                                                                  open))
                                .subprotocols(TransportWsMessages.SUBPROTOCOL)
                                .maxFramePayloadLength(sockets.maxMessageLength())
                                .aggregateContinuation(true)
                                .fallbackService(new GraphqlHttpService(engine, calls, new ExplorerPage(),
                                                                       authenticator, server));
        if (sockets.allowedOrigins().allowsAny()) {
            service.allowedOrigins("*");
        } else {
            service.allowedOrigin(sockets.allowedOrigins());
        }
        if (!sockets.idleTimeout().isZero()) {
            service.streamTimeout(sockets.idleTimeout());
        }
        sb.service(PATH, service.build());
    }
}
