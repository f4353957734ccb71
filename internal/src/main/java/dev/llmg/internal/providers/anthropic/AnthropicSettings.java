package dev.llmg.internal.providers.anthropic;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Describes one configured Anthropic Messages API endpoint.
 *
 * @param name the configured provider name, reported in errors and metrics
 * @param baseUri the API root, e.g. {@code https://api.anthropic.com/v1}; requests go to {@code {baseUri}/messages}
 * @param apiKey the key, sent as {@code x-api-key}; never printed by {@link #toString()}
 * @param version the {@code anthropic-version} header
 * @param betas the {@code anthropic-beta} features to ask for, joined with commas; empty for none
 * @param defaultMaxTokens the {@code max_tokens} sent when a request sets none, since the API requires it
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for a whole unary answer, and for a stream the longest silence
 *     before its first byte and between two pieces; zero disables it
 */
public record AnthropicSettings(String name, URI baseUri, String apiKey, String version, List<String> betas,
                                int defaultMaxTokens, Duration connectTimeout, Duration responseTimeout) {

    /** The root of Anthropic's own API. */
    public static final URI ANTHROPIC_BASE_URI = URI.create("https://api.anthropic.com/v1");

    /** The API version llmg's mapping follows. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    /** A {@code max_tokens} every current Claude model accepts. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /** Checks the settings. */
    public AnthropicSettings {
        requireNonNull(name, "name");
        requireNonNull(baseUri, "baseUri");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(version, "version");
        betas = List.copyOf(betas);
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(responseTimeout, "responseTimeout");
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException("defaultMaxTokens must be positive: " + defaultMaxTokens);
        }
        if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
            throw new IllegalArgumentException("baseUri must be an http or https URI: " + baseUri);
        }
        if (apiKey.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("apiKey must not contain control characters"); // never echoed
        }
        final String path = baseUri.toString().replaceAll("/+$", "");
        baseUri = URI.create(path);
    }

    /** Creates settings with the default version, no betas, default max_tokens and timeouts. */
    public static AnthropicSettings of(String name, URI baseUri, String apiKey) {
        return new AnthropicSettings(name, baseUri, apiKey, DEFAULT_VERSION, List.of(), DEFAULT_MAX_TOKENS,
                                     Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    /** Returns a copy with another default max_tokens. */
    public AnthropicSettings withDefaultMaxTokens(int maxTokens) {
        return new AnthropicSettings(name, baseUri, apiKey, version, betas, maxTokens, connectTimeout,
                                     responseTimeout);
    }

    /** Returns a copy that asks for the given beta features. */
    public AnthropicSettings withBetas(List<String> features) {
        return new AnthropicSettings(name, baseUri, apiKey, version, features, defaultMaxTokens, connectTimeout,
                                     responseTimeout);
    }

    /** Describes the settings with the key masked, so that they can be logged. */
    @Override
    public String toString() {
        return "AnthropicSettings[name=" + name + ", baseUri=" + baseUri + ", apiKey=<redacted>, version="
               + version + ", betas=" + betas + ", defaultMaxTokens=" + defaultMaxTokens + ", connectTimeout="
               + connectTimeout + ", responseTimeout=" + responseTimeout + ']';
    }
}
