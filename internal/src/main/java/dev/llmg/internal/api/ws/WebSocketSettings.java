package dev.llmg.internal.api.ws;

import java.time.Duration;
import java.util.List;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.server.ServerSettings;

/**
 * Holds the {@code server.websocket} section of the configuration: who may open the chat WebSocket, how
 * it is kept alive, and how much one socket may ask.
 *
 * @param allowedOrigins the browser origins that may open a socket; any other Origin (or none) gets 403
 * @param pingInterval how often the gateway sends a WebSocket ping on an open socket; 0 sends none
 * @param idleTimeout how long a socket may go without any frame from the client (answers to pings count)
 *                    before the gateway closes it; 0 never closes it for silence
 * @param maxMessageLength the largest message a client may send, in bytes (fragments are joined first)
 * @param maxStreamsPerSocket how many chat streams one socket may have in flight at once
 */
public record WebSocketSettings(OriginAllowlist allowedOrigins, Duration pingInterval, Duration idleTimeout,
                         int maxMessageLength, int maxStreamsPerSocket) {

    /** Local development pages only: any port on this machine, nothing from elsewhere. */
    static final List<String> DEFAULT_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*");

    /** Reads {@code server.websocket}, applying defaults; the message size defaults to the request size. */
    static WebSocketSettings from(ConfigSection root, ServerSettings server) {
        final ConfigSection ws = root.sectionOrEmpty("server").sectionOrEmpty("websocket");
        ws.allowOnly("allowed_origins", "ping_interval", "idle_timeout", "max_message_length",
                     "max_streams_per_socket");
        final OriginAllowlist origins = OriginAllowlist.of(
                ws.has("allowed_origins") ? ws.strings("allowed_origins") : DEFAULT_ORIGINS,
                ws.pathOf("allowed_origins"));
        final Duration ping = ws.duration("ping_interval", Duration.ofSeconds(30));
        final Duration idle = ws.duration("idle_timeout", Duration.ofSeconds(90));
        if (!idle.isZero() && (ping.isZero() || ping.compareTo(idle) >= 0)) {
            // A client waiting for a slow answer sends nothing; only its answers to our pings show it is there.
            throw new ConfigException(ws.pathOf("idle_timeout"), "must be longer than ping_interval (" + ping
                    + "), which must not be 0s, or be 0s: quiet clients are only heard answering pings");
        }
        final long maxMessage = ws.bytes("max_message_length", Math.min(server.maxRequestLength(), Integer.MAX_VALUE));
        if (maxMessage < 1 || maxMessage > Integer.MAX_VALUE) {
            throw new ConfigException(ws.pathOf("max_message_length"), "must be between 1 byte and 2GiB - 1");
        }
        return new WebSocketSettings(origins, ping, idle, (int) maxMessage,
                                     ws.integer("max_streams_per_socket", 16, 1, 10_000));
    }
}
