package dev.llmg.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;

/** The {@code server} section: defaults for the connection timeouts, and checks that name the key. */
class ServerSettingsTest {

    private static ServerSettings read(String yaml) {
        return ServerSettings.from(new ConfigLoader(Map.of()).parse(yaml));
    }

    @Test
    void defaultsCloseIdleConnectionsAndSlowHeads() {
        final ServerSettings settings = read("");
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.requestHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsTheTimeouts() {
        final ServerSettings settings = read("server: {idle_timeout: 1m, request_header_timeout: 2s}");
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.requestHeaderTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void zeroTurnsEitherOff() {
        final ServerSettings settings = read("server: {idle_timeout: 0s, request_header_timeout: 0s}");
        assertThat(settings.idleTimeout()).isZero();
        assertThat(settings.requestHeaderTimeout()).isZero();
    }

    @Test
    void aMalformedTimeoutNamesTheKey() {
        assertThatThrownBy(() -> read("server: {idle_timeout: soon}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.idle_timeout");
    }
}
