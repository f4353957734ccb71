package dev.llmg.internal.providers.simulator;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes the simulator to the provider types that configs can name. */
@Module
public interface SimulatorModule {

    /** Registers the simulator under {@code type: simulator}. */
    @Binds
    @IntoMap
    @StringKey("simulator")
    ProviderFactory simulator(SimulatorProviderFactory factory);
}
