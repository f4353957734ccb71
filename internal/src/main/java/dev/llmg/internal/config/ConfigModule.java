package dev.llmg.internal.config;

import java.util.Set;

import javax.inject.Singleton;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;

/** Provides the configuration every concern reads at start-up: the loaded one with every overlay applied. */
@Module
public interface ConfigModule {

    /** Declares the overlays, which concerns keeping entries outside the file contribute (possibly none). */
    @Multibinds
    Set<ConfigOverlay> overlays();

    /** Applies the overlays to the loaded configuration once, for start-up; reloads apply them again. */
    @Provides
    @Singleton
    static ConfigSection root(@LoadedConfig ConfigSection loaded, Set<ConfigOverlay> overlays) {
        return ConfigReloader.overlaid(loaded, overlays);
    }
}
