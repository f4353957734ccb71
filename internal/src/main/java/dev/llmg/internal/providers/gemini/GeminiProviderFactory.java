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
 * Creates Gemini providers ({@code type: gemini}) from their config section; a key that resolves to nothing
 * leaves the provider unavailable instead of stopping start-up.
 */
final class GeminiProviderFactory implements ProviderFactory {

    @Inject
    GeminiProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "base_url", "api_key", "connect_timeout", "response_timeout",
                          "first_byte_timeout", "total_timeout");
        final ProviderKey key = ProviderKey.read(section, true);
        if (key.missing().isPresent()) {
            return ConfiguredProvider.unavailable(name, "gemini", key.missing().get());
        }
        final GeminiSettings settings;
        try {
            final GeminiSettings defaults = GeminiSettings.of(name, URI.create(section.string(
                    "base_url", GeminiSettings.GEMINI_BASE_URI.toString())), key.value());
            settings = new GeminiSettings(name, defaults.baseUri(), key.value(),
                                          section.duration("connect_timeout", defaults.connectTimeout()),
                                          section.duration("response_timeout", defaults.responseTimeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "gemini", new GeminiProvider(settings, connections, timeouts),
                                            connections);
    }
}
