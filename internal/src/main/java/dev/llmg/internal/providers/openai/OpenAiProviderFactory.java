package dev.llmg.internal.providers.openai;

import java.net.URI;

import javax.inject.Inject;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;
import dev.llmg.internal.providers.ProviderKey;
import dev.llmg.internal.providers.http.UpstreamTimeouts;

/**
 * Creates OpenAI providers ({@code type: openai}) from their config section.
 *
 * <p>A provider whose {@code api_key} is given but resolves to nothing (an unset {@code env:} variable) is
 * kept as unavailable rather than failing start-up, so llmg runs offline and says which variable to set;
 * leaving {@code api_key} out entirely is for OpenAI-compatible servers that need no key.
 */
final class OpenAiProviderFactory implements ProviderFactory {

    @Inject
    OpenAiProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "base_url", "api_key", "organization", "project", "response_timeout",
                          "forward_metadata", "connect_timeout", "first_byte_timeout", "total_timeout");
        final ProviderKey key = ProviderKey.read(section, false);
        if (key.missing().isPresent()) {
            return ConfiguredProvider.unavailable(name, "openai", key.missing().get());
        }
        final String apiKey = key.value();
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
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "openai", new OpenAiProvider(
                settings, connections, OpenAiEndpoints.STANDARD, timeouts), connections);
    }
}
