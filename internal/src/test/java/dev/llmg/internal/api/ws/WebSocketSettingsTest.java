package dev.llmg.internal.api.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.server.ServerSettings;

/** The {@code server.websocket} section: defaults, checks that name the key, and origin matching. */
class WebSocketSettingsTest {

    private static WebSocketSettings read(String yaml) {
        final ConfigSection root = new ConfigLoader(Map.of()).parse(yaml);
        return WebSocketSettings.from(root, ServerSettings.from(root));
    }

    @Test
    void defaultsAllowLocalPagesOnlyAndKeepSocketsAliveWithPings() {
        final WebSocketSettings settings = read("");
        assertThat(settings.allowedOrigins().entries()).isEqualTo(WebSocketSettings.DEFAULT_ORIGINS);
        assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.maxMessageLength()).isEqualTo(10 * 1024 * 1024);
        assertThat(settings.maxStreamsPerSocket()).isEqualTo(16);
    }

    @Test
    void readsEveryKey() {
        final WebSocketSettings settings = read(String.join("\n",
                "server:",
                "  max_request_length: 1MiB",
                "  websocket:",
                "    allowed_origins: [https://App.Example.com, 'http://localhost:*']",
                "    ping_interval: 10s",
                "    idle_timeout: 25s",
                "    max_message_length: 64KiB",
                "    max_streams_per_socket: 4",
                ""));
        assertThat(settings.allowedOrigins().entries()).containsExactly("https://app.example.com", "http://localhost:*");
        assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(settings.maxMessageLength()).isEqualTo(64 * 1024);
        assertThat(settings.maxStreamsPerSocket()).isEqualTo(4);
        assertThat(read("server:\n  max_request_length: 1MiB\n").maxMessageLength()).isEqualTo(1024 * 1024);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> read("server:\n  websocket:\n    allowed_origin: ['*']\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.websocket.allowed_origin");
        assertThatThrownBy(() -> read("server:\n  websocket:\n    allowed_origins: ['http://ok:1', 'http://x/path']\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.websocket.allowed_origins[1]");
        assertThatThrownBy(() -> read("server:\n  websocket:\n    ping_interval: 1m\n    idle_timeout: 30s\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.websocket.idle_timeout");
        assertThatThrownBy(() -> read("server:\n  websocket:\n    ping_interval: 0s\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.websocket.idle_timeout");
        assertThatThrownBy(() -> read("server:\n  websocket:\n    max_streams_per_socket: 0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.websocket.max_streams_per_socket");
        assertThat(read("server:\n  websocket:\n    ping_interval: 0s\n    idle_timeout: 0s\n").idleTimeout())
                .isZero();
    }

    @Test
    void anyPortMeansAnyPortOfThatSchemeAndHostOnly() {
        final OriginAllowlist local = OriginAllowlist.of(List.of("http://localhost:*", "https://app.example.com"), "o");
        assertThat(local.test("http://localhost:3000")).isTrue();
        assertThat(local.test("http://localhost")).isTrue();
        assertThat(local.test("HTTP://LOCALHOST:8080")).isTrue();
        assertThat(local.test("https://app.example.com")).isTrue();
        assertThat(local.test("https://localhost:3000")).as("another scheme").isFalse();
        assertThat(local.test("http://localhost.evil.example:3000")).isFalse();
        assertThat(local.test("http://localhost:3000.evil.example")).isFalse();
        assertThat(local.test("https://app.example.com:8443")).as("another port").isFalse();
        assertThat(local.test("null")).isFalse();
        assertThat(local.allowsAny()).isFalse();
        assertThat(OriginAllowlist.of(List.of("*"), "o").allowsAny()).isTrue();
        assertThat(OriginAllowlist.of(List.of(), "o").test("http://localhost:1")).as("none allowed").isFalse();
    }
}
