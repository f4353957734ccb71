package dev.llmg.internal.providers.openai;

import java.net.URI;

import javax.inject.Inject;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;

/**
 * Creates OpenAI providers ({@code type: openai}) from their config section.
 *
 * <p>A provider whose {@code api_key} is given but resolves to nothing (an unset {@code env:} variable) is
 * kept as unavailable rather than failing start-up, so llmg runs offline and says which variable to set;
 * leaving {@code api_key} out entirely is for OpenAI-compatible servers that need no key.
 */
final class OpenAiProviderFactory implements ProviderFactory {

    private final OpenAiConnections connections;

    @Inject
    OpenAiProviderFactory(OpenAiConnections connections) {
        this.connections = connections;
    }

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "base_url", "api_key", "organization", "project", "response_timeout",
                          "forward_metadata");
        final String apiKey = section.secret("api_key");
        if (section.has("api_key") && apiKey.isEmpty()) {
            return ConfiguredProvider.unavailable(name, "openai", section.pathOf("api_key") + " ("
                                                                  + section.string("api_key", "") + ") is empty: set it to use this provider");
        }
        final OpenAiSettings settings;
        try {
            settings = OpenAiSettings.of(name, URI.create(section.string("base_url", OpenAiSettings.OPENAI_BASE_URI.toString())),
                                         apiKey)
                                     .withOrganizationAndProject(section.string("organization", ""),
                                                                 section.string("project", ""))
                                     .withResponseTimeout(section.duration("response_timeout",
                                                                           OpenAiSettings.DEFAULT_RESPONSE_TIMEOUT))
                                     .withForwardMetadata(Boolean.parseBoolean(section.string("forward_metadata", "false")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        return ConfiguredProvider.available(name, "openai", new OpenAiProvider(settings, connections.factory()));
    }
}
