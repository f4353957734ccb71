package dev.llmg.internal.api.graphql;

import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketServiceHandler;

import dev.llmg.internal.api.ws.OpenSockets;
import dev.llmg.internal.api.ws.WebSocketSettings;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.call.CallFactory;

/**
 * Opens a {@link GraphqlSocket} for each accepted {@code graphql-transport-ws} upgrade, pinging it as
 * {@code server.websocket} says and keeping it in {@link OpenSockets} while it is open, so that a stopping server
 * can close it.
 */
final class GraphqlSocketHandler implements WebSocketServiceHandler {

    private final GraphqlEngine engine;
    private final CallFactory calls;
    private final Authenticator authenticator;
    private final GraphqlSettings settings;
    private final WebSocketSettings sockets;
    private final OpenSockets open;

    GraphqlSocketHandler(GraphqlEngine engine, CallFactory calls, Authenticator authenticator,
                         GraphqlSettings settings, WebSocketSettings sockets, OpenSockets open) {
        this.sockets = sockets;
        this.open = open;
        this.engine = engine;
        this.calls = calls;
        this.authenticator = authenticator;
        this.settings = settings;
    }

    @Override
    public WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
        final WebSocketWriter out = WebSocket.streaming();
        final GraphqlSocket socket = new GraphqlSocket(ctx, out, engine, calls, authenticator, settings);
        socket.pingEvery(sockets.pingInterval().toMillis());
        final Runnable closed = open.add(socket);
        out.whenComplete().handle((unused, cause) -> {
            closed.run();
            return null;
        });
        in.subscribe(socket, ctx.eventLoop());
        return out;
    }
}
