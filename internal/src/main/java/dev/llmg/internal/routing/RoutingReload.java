package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import javax.inject.Inject;

import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;
import dev.llmg.internal.providers.ProviderFactory;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealthRegistry;

/**
 * Reloads providers, models and routing together: the new routing table is built and validated first, and
 * only then swapped in, in one step. Providers whose section did not change are kept with their
 * connections, and targets and groups that did not change keep their breakers, latencies and balancer state.
 * Providers replaced by the reload are closed once calls that started with them have had time to end.
 */
final class RoutingReload implements Reloadable {

    private final LiveRoutingTable live;
    private final Map<String, ProviderFactory> factories;
    private final TargetHealthRegistry health;
    private final Balancers balancers;
    private final ProviderRetirement retirement;

    @Inject
    RoutingReload(LiveRoutingTable live, Map<String, ProviderFactory> factories, TargetHealthRegistry health,
                  Balancers balancers, ProviderRetirement retirement) {
        this.live = requireNonNull(live, "live");
        this.factories = requireNonNull(factories, "factories");
        this.health = requireNonNull(health, "health");
        this.balancers = requireNonNull(balancers, "balancers");
        this.retirement = requireNonNull(retirement, "retirement");
    }

    @Override
    public Change prepare(ConfigSection root) {
        final ProviderRegistry before = live.current().providers();
        final ProviderRegistry providers = ProviderRegistry.fromConfig(root, factories, before);
        final RoutingTable next;
        try {
            next = RoutingTable.fromConfig(root, providers, health, ModelFacts.builtIn());
        } catch (RuntimeException e) {
            retirement.closeNow(providers.replacedBy(before)); // the ones made for this refused reload
            throw e;
        }
        return new Change() {
            @Override
            public void apply() {
                final RoutingTable previous = live.replace(next);
                health.retainOnly(next.targets());
                balancers.retainOnly(next.all());
                retirement.retire(previous.providers().replacedBy(providers));
            }

            @Override
            public void discard() {
                retirement.closeNow(providers.replacedBy(before));
            }
        };
    }
}
