package dev.llmg.internal.routing;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ProviderRegistry;

/** Provides the model catalog and the router the chat use case asks for a target. */
@Module
public interface RoutingModule {

    /** Reads the {@code models} list once. */
    @Provides
    @Singleton
    static ModelCatalog modelCatalog(ConfigSection root, ProviderRegistry providers) {
        return ModelCatalog.fromConfig(root, providers);
    }

    /** Routes by model name until the grouping and routing issue brings a real router. */
    @Binds
    ModelRouter router(StaticModelRouter router);

    /** Tries one candidate once, until retries and fallbacks arrive. */
    @Provides
    @Singleton
    static AttemptPolicy attemptPolicy() {
        return AttemptPolicy.singleAttempt();
    }
}
