package dev.llmg.internal.api.graphql;

import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketServiceHandler;

import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.call.CallFactory;

/** Opens a {@link GraphqlSocket} for each accepted {@code graphql-transport-ws} upgrade. */
final class GraphqlSocketHandler implements WebSocketServiceHandler {

    private final GraphqlEngine engine;
    private final CallFactory calls;
    private final Authenticator authenticator;
    private final GraphqlSettings settings;

    GraphqlSocketHandler(GraphqlEngine engine, CallFactory calls, Authenticator authenticator,
                         GraphqlSettings settings) {
        this.engine = engine;
        this.calls = calls;
        this.authenticator = authenticator;
        this.settings = settings;
    }

    @Override
    public WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
        final WebSocketWriter out = WebSocket.streaming();
        in.subscribe(new GraphqlSocket(ctx, out, engine, calls, authenticator, settings), ctx.eventLoop());
        return out;
    }
}
