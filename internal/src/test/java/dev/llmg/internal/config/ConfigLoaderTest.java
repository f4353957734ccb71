package dev.llmg.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void substitutesEnvironmentVariablesWithDefaults() {
        final ConfigSection root = new ConfigLoader(Map.of("PORT", "9000")).parse(
                "server: {port: '${PORT}', request_timeout: '${TIMEOUT:-2s}'}");
        final ConfigSection server = root.section("server").orElseThrow();
        assertThat(server.integer("port", 0, 0, 65535)).isEqualTo(9000);
        assertThat(server.duration("request_timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anUnsetVariableWithoutDefaultNamesTheKey() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse("providers: {openai: {base_url: '${BASE}'}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.openai.base_url: environment variable BASE is not set "
                            + "(write ${BASE:-default} to give a default)");
    }

    @Test
    void resolvesEnvAndFileSecrets() throws Exception {
        Files.writeString(dir.resolve("key.txt"), "sk-from-file\n");
        Files.writeString(dir.resolve("config.yaml"),
                          "providers: {a: {api_key: 'env:KEY'}, b: {api_key: 'file:key.txt'}, c: {api_key: 'env:UNSET'}}");
        final ConfigSection root = new ConfigLoader(Map.of("KEY", "sk-from-env")).load(dir.resolve("config.yaml"), Map.of());
        final Map<String, ConfigSection> providers = root.namedSections("providers");
        assertThat(providers.get("a").secret("api_key")).isEqualTo("sk-from-env");
        assertThat(providers.get("b").secret("api_key")).isEqualTo("sk-from-file");
        assertThat(providers.get("c").secret("api_key")).isEmpty();
    }

    @Test
    void mergesTheLocalOverrideAndCommandLineOverrides() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "server: {port: 8080, request_timeout: 5s}\nmodels: [{name: a}]");
        Files.writeString(dir.resolve(ConfigLoader.LOCAL_OVERRIDE), "server: {request_timeout: 7s}\nmodels: [{name: b}]");
        final ConfigSection root = new ConfigLoader(Map.of()).load(dir.resolve("config.yaml"), Map.of("server.port", "9090"));
        final ConfigSection server = root.section("server").orElseThrow();
        assertThat(server.integer("port", 0, 0, 65535)).isEqualTo(9090);
        assertThat(server.duration("request_timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(7));
        assertThat(root.list("models")).singleElement().satisfies(m -> assertThat(m.string("name", "")).isEqualTo("b"));
    }

    @Test
    void rejectsUnknownKeysAndBadValuesByTheirPath() {
        final ConfigLoader loader = new ConfigLoader(Map.of());
        assertThatThrownBy(() -> loader.parse("sever: {port: 1}"))
                .hasMessageStartingWith("sever: unknown key; expected one of [auth, conversations, instructions, limits, logging, models, providers, routing, server, storage, telemetry, tenants, tracking]");
        final ConfigSection server = loader.parse("server: {port: eighty, request_timeout: soon, max_request_length: lots}")
                                           .section("server").orElseThrow();
        assertThatThrownBy(() -> server.integer("port", 0, 0, 65535))
                .hasMessage("server.port: must be a whole number, not 'eighty'");
        assertThatThrownBy(() -> server.duration("request_timeout", Duration.ZERO))
                .hasMessageStartingWith("server.request_timeout: must be a duration such as 250ms");
        assertThatThrownBy(() -> server.bytes("max_request_length", 0))
                .hasMessageStartingWith("server.max_request_length: must be a size such as 1MiB");
    }

    @Test
    void reportsInvalidYamlWithItsLine() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "server:\n  port: [8080\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("config.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not valid YAML").hasMessageContaining("line");
    }

    @Test
    void theShippedConfigsLoadAndKnowOnlyKnownKeys() {
        final Path root = Path.of("..", "config");
        for (String file : new String[] { "config.yaml", "config.example.yaml" }) {
            final ConfigSection config = new ConfigLoader(Map.of()).load(root.resolve(file), Map.of());
            assertThat(config.namedSections("providers")).as(file).containsKey("simulator");
        }
    }
}
