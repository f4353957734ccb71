package dev.llmg.internal.api.ws;

import java.util.function.BiFunction;

import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketServiceHandler;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.auth.CallerKey;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;

/**
 * Opens a {@link ChatSocket} for each accepted upgrade, after taking the caller's key from the
 * {@code api_key} query parameter when no {@code Authorization} header carried one: browsers cannot set
 * headers on a WebSocket upgrade.
 */
final class ChatWebSocketHandler implements WebSocketServiceHandler {

    /** The query parameter that may carry the caller's key. */
    static final String API_KEY_PARAMETER = "api_key";

    private final BiFunction<ChatRequest, Call, StreamMessage<StreamChatCompletionResponse>> chat;
    private final CallFactory calls;
    private final WebSocketSettings settings;

    ChatWebSocketHandler(BiFunction<ChatRequest, Call, StreamMessage<StreamChatCompletionResponse>> chat,
                         CallFactory calls, WebSocketSettings settings) {
        this.chat = chat;
        this.calls = calls;
        this.settings = settings;
    }

    @Override
    public WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
        takeKeyFromQuery(ctx);
        final WebSocketWriter out = WebSocket.streaming(); // the socket's only outbound writer
        final ChatSocket socket = new ChatSocket(ctx.id().text(), ctx.eventLoop(), out, chat,
                                                 id -> calls.forSocketStream(ctx, id), settings.maxStreamsPerSocket());
        socket.pingEvery(settings.pingInterval().toMillis());
        in.subscribe(socket, ctx.eventLoop());
        return out;
    }

    /** Records the query parameter's key for the grouping to come, unless a header already gave one. */
    static void takeKeyFromQuery(ServiceRequestContext ctx) {
        final String key = ctx.queryParam(API_KEY_PARAMETER);
        if (key != null && CallerKey.of(ctx).isEmpty()) {
            CallerKey.set(ctx, key);
        }
    }
}
