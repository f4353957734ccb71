package dev.llmg.internal.providers;

import dev.llmg.internal.config.ConfigSection;

/**
 * Creates the client of one provider type from its section of the configuration.
 *
 * <p>Each provider package contributes one factory to a Dagger map keyed by the {@code type} that config
 * files use (e.g. {@code openai}, {@code simulator}), so adding a provider touches no shared switch.
 */
public interface ProviderFactory {

    /**
     * Validates the section and creates the provider named {@code name}; throws
     * {@link dev.llmg.internal.config.ConfigException} naming the key when the section is wrong.
     */
    ConfiguredProvider create(String name, ConfigSection section);
}
