package dev.llmg.internal.providers.gemini;

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
 * Creates Gemini providers ({@code type: gemini}) from their config section: the Gemini API with an
 * {@code api_key}, or Vertex AI with a {@code project}, a {@code location} and an {@code access_token}. A key
 * or token that resolves to nothing leaves the provider unavailable instead of stopping start-up.
 */
final class GeminiProviderFactory implements ProviderFactory {

    @Inject
    GeminiProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "base_url", "api_key", "access_token", "project", "location", "connect_timeout",
                          "response_timeout", "first_byte_timeout", "total_timeout");
        final String project = section.string("project", "");
        final String location = section.string("location", project.isEmpty() ? "" : "us-central1");
        final String credential;
        if (project.isEmpty()) {
            if (section.has("access_token") || section.has("location")) {
                throw new ConfigException(section.path(), "access_token and location are for Vertex AI: set "
                                                          + "project too, or use api_key for the Gemini API");
            }
            final ProviderKey key = ProviderKey.read(section, true);
            if (key.missing().isPresent()) {
                return ConfiguredProvider.unavailable(name, "gemini", key.missing().get());
            }
            credential = key.value();
        } else {
            if (section.has("api_key")) {
                throw new ConfigException(section.pathOf("api_key"), "Vertex AI (project is set) takes an OAuth "
                                                                     + "access_token, not an api_key");
            }
            credential = section.secret("access_token");
            if (credential.isEmpty()) {
                return ConfiguredProvider.unavailable(name, "gemini", section.pathOf("access_token")
                        + " is required with a project and must not be empty, e.g. access_token: env:NAME");
            }
        }
        final GeminiSettings settings;
        try {
            final URI defaultBase = project.isEmpty() ? GeminiSettings.GEMINI_BASE_URI
                                                      : GeminiSettings.vertexBaseUri(location);
            final GeminiSettings defaults = GeminiSettings.of(name, URI.create(section.string(
                    "base_url", defaultBase.toString())), credential);
            settings = new GeminiSettings(name, defaults.baseUri(), credential,
                                          section.duration("connect_timeout", defaults.connectTimeout()),
                                          section.duration("response_timeout", defaults.responseTimeout()),
                                          project, location);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "gemini", new GeminiProvider(settings, connections, timeouts),
                                            connections);
    }
}
