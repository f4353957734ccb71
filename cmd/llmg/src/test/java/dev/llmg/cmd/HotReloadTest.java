package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.ListTargetsRequest;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc;
import dev.llmg.api.gateway.v1.TargetStatus;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;

/**
 * The configuration file is watched: under concurrent load a changed model group takes over without a single
 * request failing, a bad file is refused and the running configuration stays, and the health of targets that
 * did not change survives the reload.
 */
class HotReloadTest {

    @TempDir
    static Path dir;

    private static final ExecutorService load = Executors.newFixedThreadPool(4);

    @RegisterExtension
    static final ServerExtension gateway = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws Exception {
            write(config("first"));
            LlmgComponent.create(ConfigSource.file(new ConfigLoader(Map.of()), dir.resolve("config.yaml"), Map.of()))
                         .serverConfigurator().configure(sb);
        }
    };

    @AfterAll
    static void stopLoad() {
        load.shutdownNow();
    }

    @Test
    void aChangedFileTakesOverUnderLoadWithoutLosingARequest() throws Exception {
        final ChatServiceGrpc.ChatServiceBlockingStub chat =
                GrpcClients.newClient(gateway.httpUri(), ChatServiceGrpc.ChatServiceBlockingStub.class);
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger answered = new AtomicInteger();
        final Set<String> failures = ConcurrentHashMap.newKeySet();
        final Set<String> answeredBy = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 4; i++) {
            load.execute(() -> {
                while (running.get()) {
                    try {
                        final CreateChatCompletionResponse answer = chat.createChatCompletion(
                                CreateChatCompletionRequest.newBuilder().setChat(ask("chat", "hello")).build());
                        answeredBy.add(answer.getGateway().getProvider());
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
        }
        waitFor(() -> answered.get() > 50, "calls before the change");
        assertThat(answeredBy).containsExactly("first");
        chat.createChatCompletion(CreateChatCompletionRequest.newBuilder().setChat(ask("unchanged", "hi")).build());
        final TargetStatus steadyBefore = target("steady");

        write(config("second"));
        waitFor(() -> answeredBy.contains("second") && answered.get() > 0, "the new target to answer");
        // Calls planned before the swap may still end; once each thread has made many calls since, none is left.
        final int afterSwap = answered.get();
        waitFor(() -> answered.get() > afterSwap + 50, "calls after the change");
        answeredBy.clear();
        final int settled = answered.get();
        waitFor(() -> answered.get() > settled + 50, "calls well after the change");
        assertThat(answeredBy).as("once swapped, only the new group answers").containsExactly("second");

        try (CapturedLog log = CapturedLog.attach()) {
            write(config("second").replace("strategy: weighted", "strategy: fastest"));
            waitFor(() -> log.text().contains("not valid"), "the refusal in the log");
            assertThat(log.text()).contains("models[0].strategy").contains("the running one stays");
        }
        final int afterRefusal = answered.get();
        waitFor(() -> answered.get() > afterRefusal + 50, "calls after the refused change");
        running.set(false);

        assertThat(failures).as("no request failed across two reloads").isEmpty();
        assertThat(answeredBy).containsExactly("second");
        final TargetStatus steadyAfter = target("steady");
        assertThat(steadyAfter.hasLatency()).as("an unchanged target keeps its health across reloads").isTrue();
        assertThat(steadyBefore.hasLatency()).isTrue();
    }

    private static TargetStatus target(String provider) {
        return GrpcClients.newClient(gateway.httpUri(), RoutingServiceGrpc.RoutingServiceBlockingStub.class)
                          .listTargets(ListTargetsRequest.getDefaultInstance()).getTargetsList().stream()
                          .filter(status -> status.getTarget().getProvider().equals(provider)).findFirst()
                          .orElseThrow();
    }

    /** Returns a configuration whose group "chat" is served by the simulator named {@code serving}. */
    private static String config(String serving) {
        return String.join("\n",
                "server:",
                "  port: 0",
                "auth: {required: false}",
                "providers:",
                "  first: {type: simulator}",
                "  second: {type: simulator}",
                "  steady: {type: simulator}",
                "models:",
                "  - name: chat",
                "    strategy: weighted",
                "    targets:",
                "      - {provider: " + serving + ", model: sim-echo}",
                "  - name: unchanged",
                "    provider: steady",
                "");
    }

    /** Replaces the file in one step, as deployment tools do. */
    private static void write(String yaml) {
        try {
            final Path next = dir.resolve("config.yaml.next");
            Files.writeString(next, yaml);
            Files.move(next, dir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING,
                       StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Supplier<Boolean> condition, String what) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
