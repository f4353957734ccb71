package dev.llmg.internal.providers.anthropic;

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
 * Creates Anthropic providers ({@code type: anthropic}) from their config section; a key that resolves to
 * nothing leaves the provider unavailable instead of stopping start-up.
 */
final class AnthropicProviderFactory implements ProviderFactory {

    @Inject
    AnthropicProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "base_url", "api_key", "version", "beta", "default_max_tokens",
                          "connect_timeout", "response_timeout", "first_byte_timeout", "total_timeout");
        final ProviderKey key = ProviderKey.read(section, true);
        if (key.missing().isPresent()) {
            return ConfiguredProvider.unavailable(name, "anthropic", key.missing().get());
        }
        final String apiKey = key.value();
        final AnthropicSettings settings;
        try {
            final AnthropicSettings defaults = AnthropicSettings.of(name, URI.create(section.string(
                    "base_url", AnthropicSettings.ANTHROPIC_BASE_URI.toString())), apiKey);
            settings = new AnthropicSettings(
                    name, defaults.baseUri(), apiKey,
                    section.string("version", AnthropicSettings.DEFAULT_VERSION),
                    section.strings("beta"),
                    section.integer("default_max_tokens", AnthropicSettings.DEFAULT_MAX_TOKENS, 1, 1_000_000),
                    section.duration("connect_timeout", defaults.connectTimeout()),
                    section.duration("response_timeout", defaults.responseTimeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "anthropic", new AnthropicProvider(settings, connections, timeouts),
                                            connections);
    }
}
