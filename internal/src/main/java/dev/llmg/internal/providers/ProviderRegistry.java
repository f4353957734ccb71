package dev.llmg.internal.providers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/** Holds every provider that the {@code providers} section of the configuration declares, by name. */
public final class ProviderRegistry {

    private final Map<String, ConfiguredProvider> providers;

    private ProviderRegistry(Map<String, ConfiguredProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /**
     * Creates each provider of {@code providers.<name>} with the factory of its {@code type}; an unknown
     * type stops start-up with the list of known ones.
     */
    public static ProviderRegistry fromConfig(ConfigSection root, Map<String, ProviderFactory> factories) {
        final Map<String, ConfiguredProvider> providers = new LinkedHashMap<>();
        root.namedSections("providers").forEach((name, section) -> {
            final String type = section.string("type", name);
            final ProviderFactory factory = factories.get(type);
            if (factory == null) {
                throw new ConfigException(section.pathOf("type"), "unknown provider type '" + type
                                                                  + "'; known types: " + new TreeSet<>(factories.keySet()));
            }
            providers.put(name, factory.create(name, section));
        });
        return new ProviderRegistry(providers);
    }

    /** Returns the provider configured under {@code name}. */
    public Optional<ConfiguredProvider> get(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** Returns every configured provider by name, in configuration order. */
    public Map<String, ConfiguredProvider> all() {
        return providers;
    }
}
