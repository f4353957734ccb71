package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.server.Server;

import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.client.LlmgClient;
import dev.llmg.internal.config.ConfigLoader;

/** Stopping the server built exactly as {@code main} builds it lets a call in flight finish. */
class GracefulShutdownTest {

    @Test
    void aCallInFlightFinishesWhenTheServerStops() throws Exception {
        final Server server = LlmgComponent.create(new ConfigLoader(Map.of()).parse(TestStorage.withDefaults(String.join("\n",
                "server: {port: 0, graceful_shutdown: {quiet_period: 200ms, timeout: 10s}}",
                "providers: {simulator: {type: simulator, latency: 700ms}}",
                "models: [{name: slow, provider: simulator}]", "")))).server();
        server.start().join();
        final URI uri = URI.create("http://127.0.0.1:" + server.activeLocalPort());

        final CompletableFuture<CreateChatCompletionResponse> inFlight =
                CompletableFuture.supplyAsync(() -> LlmgClient.connect(uri).complete(ask("slow", "finish me")));
        // Stop, as SIGTERM does in main, once the simulator holds the call.
        while (server.config().serverMetrics().activeRequests() == 0 && !inFlight.isDone()) {
            Thread.sleep(5);
        }
        final CompletableFuture<Void> stopped = server.stop();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("finish me");
        stopped.get(10, TimeUnit.SECONDS);
    }
}
