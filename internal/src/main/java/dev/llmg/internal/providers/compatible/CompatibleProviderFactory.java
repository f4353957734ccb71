package dev.llmg.internal.providers.compatible;

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
 * Creates clients of OpenAI-compatible servers ({@code type: openai-compatible}: vLLM, Ollama, Perplexity,
 * Llama API, LM Studio, ...): OpenAI's client, which already tolerates what such servers send (null usage,
 * empty data frames, {@code reasoning_content}, a finish reason on an arguments chunk), with the server's
 * auth header, model aliases and, by default, estimated usage when the server reports none.
 */
final class CompatibleProviderFactory implements ProviderFactory {

    @Inject
    CompatibleProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "base_url", "api_key", "auth_header", "aliases", "estimate_usage",
                          "connect_timeout", "response_timeout",
                          "first_byte_timeout", "total_timeout");
        final ProviderKey key = ProviderKey.read(section, false);
        if (key.missing().isPresent()) {
            return ConfiguredProvider.unavailable(name, "openai-compatible", key.missing().get());
        }
        final String apiKey = key.value();
        final String estimate = section.string("estimate_usage", "true");
        if (!"true".equals(estimate) && !"false".equals(estimate)) {
            throw new ConfigException(section.pathOf("estimate_usage"), "must be true or false");
        }
        final OpenAiSettings settings;
        try {
            settings = OpenAiSettings.of(name, URI.create(section.requiredString("base_url")), apiKey)
                                     .withAuthHeader(section.string("auth_header", "authorization"))
                                     .withEstimateUsage(Boolean.parseBoolean(estimate))
                                     .withResponseTimeout(section.duration("response_timeout",
                                                                           OpenAiSettings.DEFAULT_RESPONSE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "openai-compatible",
                                            new OpenAiProvider(settings, connections,
                                                               new AliasedEndpoints(section.stringMap("aliases")),
                                                               timeouts),
                                            connections);
    }
}
