package dev.llmg.internal.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;

/** The {@code server.graphql} section: defaults, every key, and refusals that name the key. */
class GraphqlSettingsTest {

    private static GraphqlSettings read(String yaml) {
        return GraphqlSettings.from(new ConfigLoader(Map.of()).parse(yaml));
    }

    @Test
    void defaults() {
        final GraphqlSettings settings = read("");
        assertThat(settings.maxDepth()).isEqualTo(15);
        assertThat(settings.maxComplexity()).isEqualTo(1000);
        assertThat(settings.connectionInitTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxSubscriptionsPerSocket()).isEqualTo(16);
    }

    @Test
    void readsEveryKey() {
        final GraphqlSettings settings = read("server: {graphql: {max_depth: 8, max_complexity: 200, "
                                              + "connection_init_timeout: 3s, max_subscriptions_per_socket: 4}}\n");
        assertThat(settings).isEqualTo(new GraphqlSettings(8, 200, Duration.ofSeconds(3), 4));
    }

    @Test
    void refusesUnknownKeysAndBadValuesNamingThem() {
        assertThatThrownBy(() -> read("server: {graphql: {max_dept: 8}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_dept");
        assertThatThrownBy(() -> read("server: {graphql: {max_depth: 0}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.graphql.max_depth");
        assertThatThrownBy(() -> read("server: {graphql: {connection_init_timeout: 0s}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.graphql.connection_init_timeout");
    }
}
