package dev.llmg.internal.providers;

import java.util.Map;

import javax.inject.Singleton;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.llmg.internal.config.ConfigSection;

/** Creates every configured provider from the factories that provider packages contribute. */
@Module
public interface ProvidersModule {

    /** Declares the map of provider types, filled by each provider package's module. */
    @Multibinds
    Map<String, ProviderFactory> factories();

    /** Creates the providers of the {@code providers} section once. */
    @Provides
    @Singleton
    static ProviderRegistry providerRegistry(ConfigSection root, Map<String, ProviderFactory> factories) {
        return ProviderRegistry.fromConfig(root, factories);
    }
}
