package dev.llmg.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.internal.server.ServerSettings;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;

/**
 * A reload swaps providers, models and routing in one step: unchanged providers keep their connections and
 * unchanged targets their health, replaced providers close, and a refused configuration changes nothing and
 * closes what it had opened. At shutdown every provider closes.
 */
class RoutingReloadTest {

    /** A provider type whose connections are a flag that says whether they were closed. */
    private final List<AtomicBoolean> connections = new ArrayList<>();
    private final ProviderFactory fake = (name, section) -> {
        final AtomicBoolean closed = new AtomicBoolean();
        connections.add(closed);
        return ConfiguredProvider.available(name, "fake", new NeverCalled(), () -> closed.set(true));
    };
    private final Map<String, ProviderFactory> factories = Map.of("fake", fake);
    private final TargetHealthRegistry health = new TargetHealthRegistry();
    private final Balancers balancers = new Balancers();

    private static ConfigSection config(String providers, String models) {
        return new ConfigLoader(Map.of()).parse("server: {request_timeout: 0s}\nproviders:\n" + providers
                                                + "models:\n" + models);
    }

    @Test
    void unchangedProvidersAndTargetsSurviveAndReplacedOnesClose() {
        final ConfigSection first = config("  a: {type: fake}\n  b: {type: fake}\n",
                                           "  - {name: one, provider: a}\n  - {name: two, provider: b}\n");
        final LiveRoutingTable live = new LiveRoutingTable(RoutingTable.fromConfig(
                first, ProviderRegistry.fromConfig(first, factories), health, ModelFacts.builtIn()));
        final ProviderRetirement retirement = new ProviderRetirement(ServerSettings.from(first), live);
        final RoutingReload reload = new RoutingReload(live, factories, health, balancers, retirement);
        final TargetHealth keptHealth = live.current().find("one").orElseThrow().targets().get(0).health();
        final ConfiguredProvider keptProvider = live.current().providers().get("a").orElseThrow();

        reload.prepare(config("  a: {type: fake}\n  b: {type: fake, note: changed}\n",
                              "  - {name: one, provider: a}\n  - {name: two, provider: b}\n")).apply();
        // The unknown key "note" is the fake factory's business: it accepts anything, so b is simply new.

        assertThat(live.current().providers().get("a")).containsSame(keptProvider);
        assertThat(live.current().find("one").orElseThrow().targets().get(0).health()).isSameAs(keptHealth);
        assertThat(connections).hasSize(3);
        assertThat(connections.get(0)).as("a's connections are kept").isFalse();
        assertThat(connections.get(1)).as("the replaced b stays open until calls in flight may end; here, until "
                                          + "shutdown (request_timeout 0s)").isFalse();

        retirement.close();
        assertThat(connections).allSatisfy(closed -> assertThat(closed).isTrue());
    }

    @Test
    void aRefusedConfigurationChangesNothingAndClosesWhatItOpened() {
        final ConfigSection first = config("  a: {type: fake}\n", "  - {name: one, provider: a}\n");
        final LiveRoutingTable live = new LiveRoutingTable(RoutingTable.fromConfig(
                first, ProviderRegistry.fromConfig(first, factories), health, ModelFacts.builtIn()));
        final RoutingReload reload = new RoutingReload(live, factories, health, balancers,
                                                       new ProviderRetirement(ServerSettings.from(first), live));
        final RoutingTable before = live.current();

        assertThatThrownBy(() -> reload.prepare(config("  a: {type: fake}\n  c: {type: fake}\n",
                                                       "  - {name: one, provider: nobody}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("models[0].provider");
        assertThat(live.current()).isSameAs(before);
        assertThat(connections).hasSize(2);
        assertThat(connections.get(1)).as("c, made for the refused reload, is closed").isTrue();
        assertThat(connections.get(0)).as("a, in use, is not").isFalse();

        final Reloadable.Change discarded = reload.prepare(config("  a: {type: fake}\n  d: {type: fake}\n",
                                                                  "  - {name: one, provider: d}\n"));
        discarded.discard(); // another concern refused the same configuration
        assertThat(live.current()).isSameAs(before);
        assertThat(connections.get(2)).as("d is closed with the discarded change").isTrue();
    }

    /** A chat provider that is never called: these tests only build and swap routing tables. */
    private static final class NeverCalled implements ChatProvider {
        @Override
        public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
            throw new AssertionError("never called");
        }

        @Override
        public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
            throw new AssertionError("never called");
        }
    }
}
