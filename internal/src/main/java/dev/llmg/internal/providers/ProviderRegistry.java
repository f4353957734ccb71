package dev.llmg.internal.providers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * Holds every provider that the {@code providers} section of the configuration declares, by name, with the
 * section each was made from, so that a reload can keep the providers whose section did not change.
 */
public final class ProviderRegistry {

    private final Map<String, ConfiguredProvider> providers;
    private final Map<String, ConfigSection> sections;

    private ProviderRegistry(Map<String, ConfiguredProvider> providers, Map<String, ConfigSection> sections) {
        this.providers = Collections.unmodifiableMap(providers);
        this.sections = sections;
    }

    /**
     * Creates each provider of {@code providers.<name>} with the factory of its {@code type}; an unknown
     * type stops start-up with the list of known ones.
     */
    public static ProviderRegistry fromConfig(ConfigSection root, Map<String, ProviderFactory> factories) {
        return fromConfig(root, factories, new ProviderRegistry(Map.of(), Map.of()));
    }

    /**
     * Creates the providers of a reloaded configuration, keeping from {@code previous} each provider whose
     * section is unchanged (with its connections), and creating the others anew.
     */
    public static ProviderRegistry fromConfig(ConfigSection root, Map<String, ProviderFactory> factories,
                                              ProviderRegistry previous) {
        final Map<String, ConfiguredProvider> providers = new LinkedHashMap<>();
        final Map<String, ConfigSection> sections = new LinkedHashMap<>();
        root.namedSections("providers").forEach((name, section) -> {
            final ConfigSection before = previous.sections.get(name);
            if (before != null && before.sameAs(section)) {
                providers.put(name, previous.providers.get(name));
                sections.put(name, section);
                return;
            }
            final String type = section.string("type", name);
            final ProviderFactory factory = factories.get(type);
            if (factory == null) {
                throw new ConfigException(section.pathOf("type"), "unknown provider type '" + type
                                                                  + "'; known types: " + new TreeSet<>(factories.keySet()));
            }
            providers.put(name, factory.create(name, section));
            sections.put(name, section);
        });
        return new ProviderRegistry(providers, sections);
    }

    /** Returns the providers of this registry that {@code next} does not keep: to close once they are idle. */
    public List<ConfiguredProvider> replacedBy(ProviderRegistry next) {
        final List<ConfiguredProvider> replaced = new ArrayList<>();
        providers.forEach((name, provider) -> {
            if (next.providers.get(name) != provider) {
                replaced.add(provider);
            }
        });
        return replaced;
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
