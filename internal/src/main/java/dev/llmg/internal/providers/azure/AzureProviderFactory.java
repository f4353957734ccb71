package dev.llmg.internal.providers.azure;

import java.net.URI;

import javax.inject.Inject;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;
import dev.llmg.internal.providers.ProviderKey;
import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;

/**
 * Creates Azure OpenAI providers ({@code type: azure}): OpenAI's client with Azure's URLs
 * ({@link AzureEndpoints}) and its {@code api-key} header, or a bearer token from Microsoft Entra ID.
 */
final class AzureProviderFactory implements ProviderFactory {

    @Inject
    AzureProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "endpoint", "api_key", "auth", "url_style", "api_version", "deployments",
                          "connect_timeout", "response_timeout",
                          "first_byte_timeout", "total_timeout");
        final String endpoint = section.requiredString("endpoint");
        final String auth = section.string("auth", "api-key");
        if (!"api-key".equals(auth) && !"bearer".equals(auth)) {
            throw new ConfigException(section.pathOf("auth"), "must be api-key or bearer, not '" + auth + "'");
        }
        final String style = section.string("url_style", "deployments");
        if (!"deployments".equals(style) && !"v1".equals(style)) {
            throw new ConfigException(section.pathOf("url_style"), "must be deployments or v1, not '" + style + "'");
        }
        final ProviderKey key = ProviderKey.read(section, true);
        if (key.missing().isPresent()) {
            return ConfiguredProvider.unavailable(name, "azure", key.missing().get());
        }
        final String apiKey = key.value();
        final OpenAiSettings settings;
        try {
            settings = OpenAiSettings.of(name, URI.create(endpoint), apiKey)
                                     .withAuthHeader("bearer".equals(auth) ? "authorization" : "api-key")
                                     .withResponseTimeout(section.duration("response_timeout",
                                                                           OpenAiSettings.DEFAULT_RESPONSE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        final AzureEndpoints endpoints = new AzureEndpoints(
                "v1".equals(style), section.string("api_version", AzureEndpoints.DEFAULT_API_VERSION),
                section.stringMap("deployments"));
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "azure", new OpenAiProvider(settings, connections, endpoints, timeouts),
                                            connections);
    }
}
