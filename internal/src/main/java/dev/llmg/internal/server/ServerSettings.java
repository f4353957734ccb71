package dev.llmg.internal.server;

import java.time.Duration;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code server} section of the configuration.
 *
 * @param port the one port serving gRPC, gRPC-Web, REST and the docs; 0 picks a free one
 * @param maxRequestLength the largest request body accepted, in bytes (images make chat requests big)
 * @param requestTimeout how long a call may take end to end; 0 means no limit (long streams)
 * @param shutdownQuietPeriod on stop, how long no call must have been in flight before the server closes
 *                            (0 closes at once, cutting calls in flight)
 * @param shutdownTimeout on stop, the longest wait for calls in flight before closing them anyway
 * @param idleTimeout how long a connection with no call in flight may stay open with nothing sent or received;
 *                    a connection carrying a call (a long stream, a WebSocket) is never idle; 0 never closes
 * @param requestHeaderTimeout how long an HTTP/1.1 client may take to send a request's line and headers,
 *                             counted from its first byte (or from the connection's opening); 0 means no limit
 * @param watchConfig whether to watch the configuration file and reload providers, models and routing when
 *                    it changes (a bad file is refused and the running configuration stays); other
 *                    {@code server} settings take effect at the next start
 *
 * <p>{@code server.websocket} is read by the WebSocket adapter ({@code api.ws.WebSocketSettings}).
 */
public record ServerSettings(int port, long maxRequestLength, Duration requestTimeout,
                             Duration shutdownQuietPeriod, Duration shutdownTimeout, Duration idleTimeout,
                             Duration requestHeaderTimeout, boolean watchConfig) {

    /** Reads the {@code server} section, applying defaults. */
    public static ServerSettings from(ConfigSection root) {
        final ConfigSection server = root.sectionOrEmpty("server");
        server.allowOnly("port", "max_request_length", "request_timeout", "idle_timeout", "request_header_timeout",
                         "graceful_shutdown", "websocket", "graphql", "watch_config");
        final ConfigSection shutdown = server.sectionOrEmpty("graceful_shutdown");
        shutdown.allowOnly("quiet_period", "timeout");
        final ServerSettings settings = new ServerSettings(
                server.integer("port", 8080, 0, 65535),
                server.bytes("max_request_length", 10L * 1024 * 1024),
                server.duration("request_timeout", Duration.ofMinutes(10)),
                shutdown.duration("quiet_period", Duration.ofSeconds(1)),
                shutdown.duration("timeout", Duration.ofSeconds(30)),
                server.duration("idle_timeout", Duration.ofSeconds(15)),
                server.duration("request_header_timeout", Duration.ofSeconds(10)),
                server.bool("watch_config", true));
        if (settings.shutdownQuietPeriod().compareTo(settings.shutdownTimeout()) > 0) {
            throw new ConfigException(
                    shutdown.pathOf("quiet_period"), "must not be longer than graceful_shutdown.timeout");
        }
        return settings;
    }
}
