package dev.llmg.internal.routing;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealthRegistry;

/**
 * Provides routing: the routing table in use (reloaded with the configuration), target health, balancers, the
 * router and the attempt policy.
 */
@Module
public interface RoutingModule {

    /** Holds every target's health, shared by all calls and kept across reloads. */
    @Provides
    @Singleton
    static TargetHealthRegistry targetHealth() {
        return new TargetHealthRegistry();
    }

    /** Holds every model group's balancer, kept across reloads. */
    @Provides
    @Singleton
    static Balancers balancers() {
        return new Balancers();
    }

    /** Reads {@code models} and {@code routing} once at start-up into the table in use. */
    @Provides
    @Singleton
    static LiveRoutingTable routingTable(ConfigSection root, ProviderRegistry providers, TargetHealthRegistry health) {
        return new LiveRoutingTable(RoutingTable.fromConfig(root, providers, health, ModelFacts.builtIn()));
    }

    /** Plans requests over model groups, rules and fallbacks. */
    @Binds
    ModelRouter router(GroupRouter router);

    /** Retries and moves on as the failure table says. */
    @Binds
    AttemptPolicy attemptPolicy(RoutingAttemptPolicy policy);

    /** Reloads providers, models and routing when the configuration file changes. */
    @Binds
    @IntoSet
    Reloadable routingReload(RoutingReload reload);

    /** Closes every provider's connections at shutdown, after the server has drained. */
    @Binds
    @IntoSet
    AutoCloseable providers(ProviderRetirement retirement);
}
