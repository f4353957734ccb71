package dev.llmg.internal.api.ws;

import java.util.function.BiFunction;

import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketServiceHandler;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;

/**
 * Opens a {@link ChatSocket} for each accepted upgrade (authenticated before it, by its header or its
 * {@code api_key} query parameter: see {@code auth.CallerKey}). Each socket is kept in {@link OpenSockets} while it is open, so that a
 * stopping server can close it.
 */
final class ChatWebSocketHandler implements WebSocketServiceHandler {

    private final BiFunction<ChatRequest, Call, StreamMessage<StreamChatCompletionResponse>> chat;
    private final CallFactory calls;
    private final WebSocketSettings settings;
    private final OpenSockets open;

    ChatWebSocketHandler(BiFunction<ChatRequest, Call, StreamMessage<StreamChatCompletionResponse>> chat,
                         CallFactory calls, WebSocketSettings settings, OpenSockets open) {
        this.chat = chat;
        this.calls = calls;
        this.settings = settings;
        this.open = open;
    }

    @Override
    public WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
        final WebSocketWriter out = WebSocket.streaming(); // the socket's only outbound writer
        final ChatSocket socket = new ChatSocket(ctx.id().text(), ctx.eventLoop(), out, chat,
                                                 id -> calls.forSocketStream(ctx, id), settings.maxStreamsPerSocket());
        socket.pingEvery(settings.pingInterval().toMillis());
        final Runnable closed = open.add(socket);
        out.whenComplete().handle((unused, cause) -> {
            closed.run();
            return null;
        });
        in.subscribe(socket, ctx.eventLoop());
        return out;
    }
}
