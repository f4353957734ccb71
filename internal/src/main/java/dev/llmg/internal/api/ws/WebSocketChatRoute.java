package dev.llmg.internal.api.ws;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.websocket.WebSocketService;
import com.linecorp.armeria.server.websocket.WebSocketServiceBuilder;

import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.chat.ChatCompletions;
import dev.llmg.internal.server.RouteContributor;

/**
 * Serves the chat WebSocket at {@code /api/v1/ws}, with the origin allowlist, message size and idle timeout
 * of {@code server.websocket}.
 *
 * <p>Armeria's WebSocket service has no request timeout and no total size limit, so a socket may stay open
 * for many streams; it refuses an upgrade from an origin that is not allowed, or without an Origin header
 * unless every origin is, with 403. Armeria neither answers pings nor sends any: {@link ChatSocket} does both.
 */
final class WebSocketChatRoute implements RouteContributor {

    /** The socket's path. */
    static final String PATH = "/api/v1/ws";

    private final ChatCompletions chat;
    private final CallFactory calls;
    private final WebSocketSettings settings;

    @Inject
    WebSocketChatRoute(ChatCompletions chat, CallFactory calls, WebSocketSettings settings) {
        this.chat = requireNonNull(chat, "chat");
        this.calls = requireNonNull(calls, "calls");
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    public void addTo(ServerBuilder sb) {
        final WebSocketServiceBuilder service =
                WebSocketService.builder(new ChatWebSocketHandler(chat::stream, calls, settings))
                                .maxFramePayloadLength(settings.maxMessageLength())
                                // Browsers may split a long message into fragments; hand over whole ones.
                                .aggregateContinuation(true);
        if (settings.allowedOrigins().allowsAny()) {
            service.allowedOrigins("*");
        } else {
            service.allowedOrigin(settings.allowedOrigins());
        }
        if (!settings.idleTimeout().isZero()) {
            service.streamTimeout(settings.idleTimeout());
        }
        sb.service(PATH, service.build());
    }
}
