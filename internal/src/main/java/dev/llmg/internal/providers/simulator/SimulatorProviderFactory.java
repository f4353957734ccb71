package dev.llmg.internal.providers.simulator;

import javax.inject.Inject;

import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;

/** Creates simulator providers ({@code type: simulator}) from their config section. */
final class SimulatorProviderFactory implements ProviderFactory {

    @Inject
    SimulatorProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        return ConfiguredProvider.available(name, "simulator",
                                            new SimulatorProvider(name, SimulatorSettings.from(section)));
    }
}
