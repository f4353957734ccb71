package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;

import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;
import dev.llmg.internal.testing.PostgresServer;

/**
 * Instructions kept in the database, on H2 (a file) and on PostgreSQL: a version and a label created on one
 * replica are rendered by another once its refresh has seen them, and both survive a restart of the gateway.
 */
@Timeout(120)
class InstructionReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "h2", "postgres" })
    void aChangeReachesTheOtherReplicaAndSurvivesARestart(String backend) throws Exception {
        final String url = "postgres".equals(backend)
                           ? PostgresServer.shared().newDatabase()
                           : "jdbc:h2:file:" + Path.of("target", "instruction-replicas-" + System.nanoTime(), "llmg")
                                                   .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        final Running first = Running.start(url);
        final Running second = Running.start(url);
        try {
            ok(first.post("/api/v1/instructions/tone/versions",
                          "{\"messages\": [{\"role\": \"ROLE_SYSTEM\", \"template\": \"Answer {{mood}}.\"}], "
                          + "\"model\": \"sim-echo\"}"));
            ok(first.post("/api/v1/instructions/tone/versions",
                          "{\"messages\": [{\"role\": \"ROLE_SYSTEM\", \"template\": \"Reply {{mood}}.\"}], "
                          + "\"model\": \"sim-echo\"}"));
            ok(first.put("/api/v1/instructions/tone/labels/production", "{\"version\": 1}"));
            assertThat(render(first, "tone")).isEqualTo("Answer calmly.");

            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            AggregatedHttpResponse seen = second.post("/api/v1/instructions:render", RENDER_TONE);
            while (seen.status().code() != 200 || !seen.contentUtf8().contains("Answer calmly.")) {
                assertThat(System.nanoTime()).as("the second replica sees the change: " + seen.contentUtf8())
                                             .isLessThan(deadline);
                Thread.sleep(20); // the replica's refresh polls every 100ms; nothing here to wait on instead
                seen = second.post("/api/v1/instructions:render", RENDER_TONE);
            }
        } finally {
            first.stop();
            second.stop();
        }

        final Running restarted = Running.start(url);
        try {
            assertThat(render(restarted, "tone")).as("the production label, kept").isEqualTo("Answer calmly.");
            assertThat(render(restarted, "tone@2")).isEqualTo("Reply calmly.");
            final JsonNode tone = JSON.readTree(ok(restarted.get("/api/v1/instructions/tone")).contentUtf8());
            assertThat(tone.path("instruction").path("latestVersion").asInt()).isEqualTo(2);
            final JsonNode chat = JSON.readTree(ok(restarted.post("/api/v1/chat/completions",
                    "{\"instruction\": \"tone:production\", \"variables\": {\"mood\": \"calmly\"}, \"messages\": "
                    + "[{\"role\": \"ROLE_USER\", \"content\": [{\"text\": \"hi\"}]}]}")).contentUtf8());
            assertThat(chat.path("gateway").path("instruction").path("label").asText()).isEqualTo("production");
            assertThat(chat.path("gateway").path("instruction").path("version").asInt()).isEqualTo(1);
        } finally {
            restarted.stop();
        }
    }

    private static final String RENDER_TONE = "{\"instruction\": \"tone\", \"variables\": {\"mood\": \"calmly\"}}";

    private static String render(Running gateway, String instruction) throws Exception {
        final AggregatedHttpResponse answer = ok(gateway.post("/api/v1/instructions:render",
                "{\"instruction\": \"" + instruction + "\", \"variables\": {\"mood\": \"calmly\"}}"));
        return JSON.readTree(answer.contentUtf8()).path("request").path("messages").get(0).path("content").get(0)
                   .path("text").asText();
    }

    private static AggregatedHttpResponse ok(AggregatedHttpResponse answer) {
        assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(200);
        return answer;
    }

    /** A whole gateway on its own server, as main runs it, stopped by its shutdown sequence. */
    private record Running(LlmgComponent component, Server server, WebClient client) {

        static Running start(String url) {
            final LlmgComponent component = LlmgComponent.create(ConfigSource.fixed(new ConfigLoader(Map.of())
                    .parse(String.join("\n",
                            "server: {port: 0, graceful_shutdown: {quiet_period: 0s, timeout: 1s}}",
                            "providers: {simulator: {type: simulator, latency: 1ms}}",
                            "models: [{name: sim-echo, provider: simulator}]",
                            "storage: {url: \"" + url + "\"}",
                            "tracking: {enabled: false}",
                            "auth: {required: false}",
                            "instructions: {refresh_interval: 100ms}",
                            ""))));
            final Server server = component.server();
            server.start().join();
            return new Running(component, server,
                               WebClient.of("http://127.0.0.1:" + server.activeLocalPort()));
        }

        AggregatedHttpResponse post(String path, String body) {
            return send(HttpMethod.POST, path, body);
        }

        AggregatedHttpResponse put(String path, String body) {
            return send(HttpMethod.PUT, path, body);
        }

        AggregatedHttpResponse get(String path) {
            return client.execute(RequestHeaders.of(HttpMethod.GET, path)).aggregate().join();
        }

        private AggregatedHttpResponse send(HttpMethod method, String path, String body) {
            return client.execute(HttpRequest.of(RequestHeaders.builder(method, path).contentType(MediaType.JSON_UTF_8)
                                                               .build(), HttpData.ofUtf8(body)))
                         .aggregate().join();
        }

        void stop() {
            component.shutdown().run();
        }
    }
}
