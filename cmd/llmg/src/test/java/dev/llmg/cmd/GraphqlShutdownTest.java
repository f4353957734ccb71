package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.server.Server;

import dev.llmg.internal.config.ConfigLoader;

/**
 * Stopping the server closes GraphQL sockets with 1001 (going away) as it does the chat's: an idle one at once, a
 * busy one once its subscription in flight ended, refusing new operations meanwhile.
 */
@Timeout(60)
class GraphqlShutdownTest {

    private final Server server = LlmgComponent.create(new ConfigLoader(Map.of()).parse(String.join("\n",
            "server: {port: 0, graceful_shutdown: {quiet_period: 200ms, timeout: 20s}}",
            "auth: {required: false}",
            "providers: {slow: {type: simulator, chunks_per_second: 8}}",
            "models: [{name: sim-slow, provider: slow}]", ""))).server();

    private static final String STREAM = "subscription S($input: ChatInput!) { chatCompletionStream(input: $input)"
            + " { choices { delta { content } } } }";

    private static Map<String, Object> ask(String text) {
        return Map.of("input", Map.of("model", "sim-slow", "messages", List.of(
                Map.of("role", "ROLE_USER", "content", List.of(Map.of("text", text))))));
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    @Test
    void aBusySocketFinishesItsSubscriptionThenClosesAndAnIdleOneClosesAtOnce() throws Exception {
        server.start().join();
        final URI uri = URI.create("http://127.0.0.1:" + server.activeLocalPort());
        final GraphqlWs busy = GraphqlWs.connect(uri, Map.of());
        final GraphqlWs idle = GraphqlWs.connect(uri, Map.of());
        busy.subscribe("long", STREAM, ask("one two three four five six"));
        assertThat(busy.next().path("type").asText()).isEqualTo("next");

        final CompletableFuture<Void> stopped = server.stop();
        assertThat(idle.closeFrame().status()).isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        idle.close();
        busy.subscribe("late", STREAM, ask("too late"));

        boolean refused = false;
        JsonNode message = busy.next();
        while (!(message.path("id").asText().equals("long") && message.path("type").asText().equals("complete"))) {
            if (message.path("id").asText().equals("late")) {
                assertThat(message.path("type").asText()).isEqualTo("error");
                assertThat(message.at("/payload/0/extensions/code").asText()).isEqualTo("UNAVAILABLE");
                refused = true;
            }
            message = busy.next();
        }
        if (!refused) {
            final JsonNode late = busy.next();
            assertThat(late.path("id").asText()).isEqualTo("late");
            assertThat(late.at("/payload/0/extensions/code").asText()).isEqualTo("UNAVAILABLE");
        }
        assertThat(busy.closeFrame().status()).isEqualTo(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        busy.close();
        stopped.get(15, TimeUnit.SECONDS);
    }
}
