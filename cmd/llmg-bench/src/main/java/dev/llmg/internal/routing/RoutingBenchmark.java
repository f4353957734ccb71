package dev.llmg.internal.routing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.spi.ChatProvider;

/**
 * Measures the routing decision: a plan for a model among twenty single-target models, and for a model group
 * of ten targets under each strategy (eligibility checks, the balancer's order, the plan and its summary).
 *
 * <p>It lives in the routing package (split across jars, on the class path) to build the package-private
 * router as Dagger does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {

    /** The strategy of the ten-target group. */
    @Param({ "weighted", "round_robin", "least_in_flight", "least_latency", "lowest_cost", "priority" })
    public String strategy;

    private ModelRouter router;
    private final ChatRequest single = ask("model-13");
    private final ChatRequest grouped = ask("group");

    /** Builds the router from twenty models over two providers and a group of ten targets. */
    @Setup
    public void setUp() {
        final StringBuilder yaml = new StringBuilder("providers:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("  p").append(i).append(": {type: bench}\n");
        }
        yaml.append("models:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("  - {name: model-").append(i).append(", provider: p").append(i % 2).append("}\n");
        }
        yaml.append("  - name: group\n    strategy: ").append(strategy).append("\n    targets:\n");
        for (int i = 0; i < 10; i++) {
            yaml.append("      - {provider: p").append(i).append(", model: gpt-4o-mini, weight: ").append(i + 1)
                .append("}\n");
        }
        final ConfigSection root = new ConfigLoader(Map.of()).parse(yaml.toString());
        // A real client, never called: the benchmark measures the routing decision only.
        final ChatProvider client = new OpenAiProvider(OpenAiSettings.of("bench", URI.create("http://127.0.0.1:9/v1"), ""));
        final ProviderRegistry providers = ProviderRegistry.fromConfig(
                root, Map.of("bench", (name, section) -> ConfiguredProvider.available(name, "bench", client)));
        router = new GroupRouter(new LiveRoutingTable(RoutingTable.fromConfig(
                root, providers, new TargetHealthRegistry(), ModelFacts.builtIn())), new Balancers());
    }

    /** Plans one request for a single-target model. */
    @Benchmark
    public RoutePlan<ChatProvider> planSingleModel() {
        return router.plan(single, Caller.anonymous(), false);
    }

    /** Plans one request for the group of ten targets. */
    @Benchmark
    public RoutePlan<ChatProvider> planGroupOfTen() {
        return router.plan(grouped, Caller.anonymous(), false);
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.newBuilder().setModel(model).addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                .addContent(ContentPart.newBuilder().setText("How far is the moon?"))).build();
    }
}
