package dev.llmg.internal.providers.bedrock;

import java.net.URI;
import java.time.Clock;

import javax.inject.Inject;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderFactory;
import dev.llmg.internal.providers.http.UpstreamTimeouts;

/**
 * Creates Bedrock providers ({@code type: bedrock}) from their config section: a {@code region}, an optional
 * {@code base_url} (a VPC endpoint or a test server instead of {@code bedrock-runtime.{region}.amazonaws.com}),
 * and credentials: {@code access_key_id} with {@code secret_access_key} (and {@code session_token}), usually as
 * {@code env:} or {@code file:} references; or a {@code profile} of the shared AWS files; or a Bedrock
 * {@code api_key}; or, with none of these, the AWS SDK's default chain. {@code invoke_anthropic: true} calls
 * Claude models with InvokeModel and Anthropic's bodies instead of Converse. Keys that resolve to nothing leave the
 * provider unavailable instead of stopping start-up.
 */
final class BedrockProviderFactory implements ProviderFactory {

    @Inject
    BedrockProviderFactory() {}

    @Override
    public ConfiguredProvider create(String name, ConfigSection section) {
        section.allowOnly("type", "region", "base_url", "access_key_id", "secret_access_key", "session_token",
                          "profile", "api_key", "connect_timeout", "response_timeout", "first_byte_timeout",
                          "total_timeout", "invoke_anthropic");
        final String region = section.requiredString("region");
        final boolean keys = section.has("access_key_id") || section.has("secret_access_key");
        final int ways = (keys ? 1 : 0) + (section.has("profile") ? 1 : 0) + (section.has("api_key") ? 1 : 0);
        if (ways > 1) {
            throw new ConfigException(section.path(), "give one of access_key_id with secret_access_key, profile "
                                                      + "or api_key (or none, for the default AWS chain)");
        }
        if (section.has("session_token") && !keys) {
            throw new ConfigException(section.pathOf("session_token"), "a session_token goes with access_key_id "
                                                                       + "and secret_access_key");
        }
        final BedrockCredentials credentials;
        if (keys) {
            final String id = section.secret("access_key_id");
            final String secret = section.secret("secret_access_key");
            if (id.isEmpty() || secret.isEmpty()) {
                return ConfiguredProvider.unavailable(name, "bedrock", section.pathOf(id.isEmpty() ? "access_key_id"
                        : "secret_access_key") + " is missing or empty: set both, e.g. secret_access_key: env:NAME");
            }
            credentials = BedrockCredentials.keys(id, secret, section.secret("session_token"));
        } else if (section.has("api_key")) {
            final String key = section.secret("api_key");
            if (key.isEmpty()) {
                return ConfiguredProvider.unavailable(name, "bedrock", section.pathOf("api_key")
                                                                       + " is empty: set it to use this provider");
            }
            try {
                credentials = BedrockCredentials.apiKey(key);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(section.pathOf("api_key"), e.getMessage(), e);
            }
        } else {
            credentials = BedrockCredentials.chain(section.string("profile", ""));
        }
        final BedrockSettings settings;
        try {
            final BedrockSettings defaults = BedrockSettings.of(name, URI.create(section.string(
                    "base_url", BedrockSettings.endpoint(region).toString())), region, credentials);
            settings = new BedrockSettings(name, defaults.baseUri(), region, credentials,
                                           section.duration("connect_timeout", defaults.connectTimeout()),
                                           section.duration("response_timeout", defaults.responseTimeout()),
                                           section.bool("invoke_anthropic", false));
        } catch (IllegalArgumentException e) {
            credentials.close();
            throw new ConfigException(section.path(), e.getMessage(), e);
        }
        final UpstreamTimeouts timeouts = UpstreamTimeouts.fromConfig(section, settings.responseTimeout());
        final ClientFactory connections = timeouts.clientFactory();
        return ConfiguredProvider.available(name, "bedrock", new BedrockProvider(settings, connections, timeouts,
                                                                                 Clock.systemUTC()), () -> {
            try (credentials) {
                connections.close();
            }
        });
    }
}
