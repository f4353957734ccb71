package dev.llmg.internal.routing;

import static dev.llmg.internal.routing.TestRouting.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.internal.routing.health.TargetHealthRegistry;

/**
 * Building the routing table from {@code models} and {@code routing}: what refuses to start (naming the key),
 * what each target is resolved to, and which target health survives a second build.
 */
class RoutingTableTest {

    private static RouteTarget onlyTarget(RoutingTable table, String model) {
        return table.find(model).orElseThrow().targets().get(0);
    }

    // Refused configurations, by the key at fault

    @Test
    void anUnknownProviderInAGroupNamesTheTargetsProviderKeyAndTheProvidersThatExist() {
        assertThatThrownBy(() -> table("models: [{name: chat, targets: [{provider: a, model: m}, "
                                       + "{provider: azure, model: m}]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models[0].targets[1].provider: no provider named 'azure' in providers; "
                            + "configured: [a, b, c, e, nokey]");
    }

    @Test
    void anUnknownProviderOfASingleModelNamesItsProviderKey() {
        assertThatThrownBy(() -> table("models: [{name: x, provider: a}, {name: chat, provider: azure}]"))
                .hasMessage("models[1].provider: no provider named 'azure' in providers; configured: [a, b, c, e, nokey]");
    }

    @Test
    void aModelListedTwiceIsRefused() {
        assertThatThrownBy(() -> table("models: [{name: chat, provider: a}, {name: chat, provider: b}]"))
                .hasMessage("models[1].name: model 'chat' is listed twice");
    }

    @Test
    void aTargetListedTwiceInOneGroupIsRefused() {
        assertThatThrownBy(() -> table("models: [{name: chat, targets: [{provider: a, model: m}, "
                                       + "{provider: b, model: m}, {provider: a, model: m, weight: 2}]}]"))
                .hasMessage("models[0].targets[2]: target a/m is listed twice in chat");
    }

    @Test
    void theSameTargetInTwoGroupsIsAllowed() {
        final RoutingTable table = table("models: [{name: one, targets: [{provider: a, model: m}]}, "
                                         + "{name: two, targets: [{provider: a, model: m}]}]");

        assertThat(onlyTarget(table, "one").health()).as("one breaker per target, whichever group reaches it")
                                                     .isSameAs(onlyTarget(table, "two").health());
    }

    @Test
    void anUnknownFallbackNamesItsKeyAndTheModelsThatExist() {
        assertThatThrownBy(() -> table("models: [{name: chat, provider: a, fallbacks: [backup, gone]}, "
                                       + "{name: backup, provider: b}]"))
                .hasMessage("models[0].fallbacks[1]: no model named 'gone' in models; configured: [backup, chat]");
    }

    @Test
    void aRuleRoutingToAnUnknownModelIsRefused() {
        assertThatThrownBy(() -> table("""
                models: [{name: chat, provider: a}]
                routing: {rules: [{name: ok, route_to: chat}, {name: bad, route_to: nowhere}]}"""))
                .hasMessage("routing.rules[1].route_to: no model named 'nowhere' in models; configured: [chat]");
    }

    @Test
    void aRuleMatchingAnUnknownModelIsRefused() {
        assertThatThrownBy(() -> table("""
                models: [{name: chat, provider: a}]
                routing: {rules: [{name: bad, route_to: chat, when: {model: chta}}]}"""))
                .hasMessage("routing.rules[0].when.model: no model named 'chta' in models; configured: [chat]");
    }

    @Test
    void aModelsOwnBackoffLongerThanTheDefaultMaxBackoffNamesTheModelsRetry() {
        assertThatThrownBy(() -> table("models: [{name: chat, provider: a, retry: {backoff: 10s}}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models[0].retry: backoff (PT10S) must not be longer than max_backoff (PT5S) once "
                            + "routing.retry fills in what the model leaves unset");
    }

    // What each target is resolved to

    @Test
    void aDatedSnapshotTakesTheFactsOfTheLongestKnownNameItStartsWith() {
        final RouteTarget target = onlyTarget(table("models: [{name: chat, provider: a, "
                                                    + "provider_model: gpt-4o-mini-2024-07-18}]"), "chat");

        assertThat(target.contextWindow()).isEqualTo(128_000);
        assertThat(target.maxOutputTokens()).isEqualTo(16_384);
        assertThat(target.prices()).as("gpt-4o-mini's, not gpt-4o's").isEqualTo(new Prices(0.15, 0.60, 0.075));
    }

    @Test
    void aWellKnownModelsFactsComeFromTheTable() {
        final RouteTarget target = onlyTarget(table("models: [{name: gpt-4.1-mini, provider: a}]"), "gpt-4.1-mini");

        assertThat(target.contextWindow()).isEqualTo(1_047_576);
        assertThat(target.prices()).isEqualTo(new Prices(0.40, 1.60, 0.10));
        assertThat(target.capabilities()).isEqualTo(new Capabilities(true, true, true, true));
    }

    @Test
    void aTargetsOwnSettingsOverrideTheFactsOneByOne() {
        final RouteTarget target = onlyTarget(table("""
                models: [{name: chat, targets: [{provider: a, model: gpt-4o-mini-2024-07-18, context_window: 1000,
                          prices: {input: 9}, capabilities: {images: false}}]}]"""), "chat");

        assertThat(target.contextWindow()).isEqualTo(1000);
        assertThat(target.maxOutputTokens()).as("not overridden").isEqualTo(16_384);
        assertThat(target.prices()).isEqualTo(new Prices(9.0, 0.60, 0.075));
        assertThat(target.images()).isFalse();
        assertThat(target.tools()).isTrue();
    }

    @Test
    void capabilitiesTheFactsDenyAreDeniedUnlessTheTargetSaysOtherwise() {
        final RoutingTable table = table("""
                models:
                  - {name: haiku, provider: a, provider_model: claude-3-5-haiku-20241022}
                  - {name: haiku-eyes, targets: [{provider: a, model: claude-3-5-haiku-20241022,
                                                  capabilities: {images: true}}]}
                  - {name: old, provider: a, provider_model: gpt-3.5-turbo-0125}
                  - {name: vectors, provider: e, provider_model: text-embedding-3-small}""");

        assertThat(onlyTarget(table, "haiku").images()).isFalse();
        assertThat(onlyTarget(table, "haiku-eyes").images()).isTrue();
        assertThat(onlyTarget(table, "old").capabilities()).isEqualTo(new Capabilities(true, false, false, true));
        assertThat(onlyTarget(table, "vectors").capabilities()).isEqualTo(new Capabilities(false, false, false, false));
    }

    @Test
    void anUnknownModelIsAssumedCapableWithNoLimitsAndNoPrices() {
        final RouteTarget target = onlyTarget(table("models: [{name: mystery, provider: a}]"), "mystery");

        assertThat(target.contextWindow()).isZero();
        assertThat(target.maxOutputTokens()).isZero();
        assertThat(target.capabilities()).isEqualTo(new Capabilities(true, true, true, true));
        assertThat(target.prices().known()).isFalse();
    }

    @Test
    void weightsDefaultToOneAndPrioritiesToTheOrderWritten() {
        final ModelGroup group = table("""
                models: [{name: chat, targets: [{provider: a, model: m}, {provider: b, model: m, weight: 5},
                                                {provider: c, model: m, priority: 0}]}]""").find("chat").orElseThrow();

        assertThat(group.targets()).extracting(RouteTarget::weight).containsExactly(1, 5, 1);
        assertThat(group.targets()).extracting(RouteTarget::priority).containsExactly(0, 1, 0);
        assertThat(group.targets()).extracting(target -> target.target().toString())
                                   .containsExactly("a/m", "b/m", "c/m");
    }

    @Test
    void aModelsRetryAndAttemptTimeoutOverrideTheRoutingDefaults() {
        final RoutingTable table = table("""
                models:
                  - {name: own, provider: a, retry: {attempts: 1}, attempt_timeout: 2s}
                  - {name: inherits, provider: b}
                routing: {retry: {backoff: 100ms}, attempt_timeout: 30s}""");

        assertThat(table.find("own").orElseThrow().retry())
                .isEqualTo(new RetrySettings(1, Duration.ofMillis(100), Duration.ofSeconds(5)));
        assertThat(table.find("own").orElseThrow().attemptTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(table.find("inherits").orElseThrow().retry())
                .isEqualTo(new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(5)));
        assertThat(table.find("inherits").orElseThrow().attemptTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(table.find("inherits").orElseThrow().strategy()).isEqualTo(Strategy.WEIGHTED);
    }

    @Test
    void modelsAreListedByName() {
        assertThat(table("models: [{name: zeta, provider: a}, {name: alpha, provider: b}]").all())
                .extracting(ModelGroup::name).containsExactly("alpha", "zeta");
    }

    @Test
    void aModelIsAvailableWhenAnyOfItsProvidersHasAKey() {
        final RoutingTable table = table("""
                models:
                  - {name: dark, provider: nokey}
                  - {name: half, targets: [{provider: nokey, model: m}, {provider: a, model: m}]}""");

        assertThat(table.find("dark").orElseThrow().available()).isFalse();
        assertThat(table.find("half").orElseThrow().available()).isTrue();
    }

    // Health across builds

    @Test
    void aSecondBuildKeepsTheHealthOfUnchangedTargetsAndForgetsRemovedOnes() {
        final TargetHealthRegistry registry = new TargetHealthRegistry();
        final RoutingTable first = table("models: [{name: chat, targets: [{provider: a, model: m}, "
                                         + "{provider: b, model: m}]}]", registry);
        final TargetHealth kept = first.find("chat").orElseThrow().targets().get(0).health();
        kept.attemptStarted(true);

        final RoutingTable second = table("models: [{name: chat, strategy: priority, targets: [{provider: a, model: m}, "
                                          + "{provider: c, model: m}]}]", registry);

        assertThat(onlyTarget(second, "chat").health()).isSameAs(kept);
        assertThat(kept.inFlight()).isEqualTo(1);
        registry.retainOnly(second.targets()); // as a reload does once it puts the new table in use
        assertThat(registry.all()).extracting(health -> health.target().toString())
                                  .containsExactlyInAnyOrder("a/m", "c/m");
    }

    @Test
    void aSecondBuildWithOtherBreakerSettingsStartsTheTargetsAfresh() {
        final TargetHealthRegistry registry = new TargetHealthRegistry();
        final TargetHealth before = onlyTarget(table("models: [{name: chat, provider: a}]", registry), "chat").health();

        final TargetHealth after = onlyTarget(table("""
                models: [{name: chat, provider: a}]
                routing: {breaker: {consecutive_failures: 2}}""", registry), "chat").health();

        assertThat(after).isNotSameAs(before);
        assertThat(registry.all()).containsExactly(after);
    }

    @Test
    void aRefusedBuildLeavesTheHealthInUseAsItWas() {
        final TargetHealthRegistry registry = new TargetHealthRegistry();
        final TargetHealth inUse = onlyTarget(table("models: [{name: chat, provider: a}]", registry), "chat").health();

        assertThatThrownBy(() -> table("""
                models: [{name: chat, provider: a, fallbacks: [gone]}, {name: more, provider: b}]
                routing: {breaker: {consecutive_failures: 2}}""", registry)).isInstanceOf(ConfigException.class);

        assertThat(registry.all()).as("the table in use still reports to this health; the targets list shows it")
                                  .containsExactly(inUse);
    }
}
