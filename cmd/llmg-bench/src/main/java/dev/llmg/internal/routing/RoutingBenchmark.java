package dev.llmg.internal.routing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;
import dev.llmg.spi.ChatProvider;

/**
 * Measures the routing decision for one request among twenty configured models.
 *
 * <p>It lives in the routing package (split across jars, on the class path) to build the package-private
 * router as Dagger does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {

    private ModelRouter router;
    private final ChatRequest request = ChatRequest.newBuilder().setModel("model-13").build();

    /** Builds the router from a configuration of twenty models over two providers. */
    @Setup
    public void setUp() {
        final StringBuilder yaml = new StringBuilder("providers:\n  a: {type: bench}\n  b: {type: bench}\nmodels:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("  - {name: model-").append(i).append(", provider: ").append(i % 2 == 0 ? "a" : "b")
                .append("}\n");
        }
        final ConfigSection root = new ConfigLoader(Map.of()).parse(yaml.toString());
        // A real client, never called: the benchmark measures the routing decision only.
        final ChatProvider client = new OpenAiProvider(OpenAiSettings.of("bench", URI.create("http://127.0.0.1:9/v1"), ""));
        final ProviderRegistry providers = ProviderRegistry.fromConfig(
                root, Map.of("bench", (name, section) -> ConfiguredProvider.available(name, "bench", client)));
        router = new StaticModelRouter(ModelCatalog.fromConfig(root, providers), providers);
    }

    /** Plans one request by its model name. */
    @Benchmark
    public RoutePlan<ChatProvider> plan() {
        return router.plan(request, Caller.anonymous());
    }
}
