package dev.llmg.internal.providers.gemini;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * Describes one configured Gemini API endpoint (the Generative Language API).
 *
 * @param name the configured provider name, reported in errors and metrics
 * @param baseUri the API host, e.g. {@code https://generativelanguage.googleapis.com}; requests go to
 *     {@code {baseUri}/v1beta/models/{model}:generateContent}
 * @param apiKey the key, sent as {@code x-goog-api-key} (never in the URL); never printed by {@link #toString()}
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for a whole unary answer, and for a stream the longest silence
 *     before its first byte and between two pieces; zero disables it
 */
public record GeminiSettings(String name, URI baseUri, String apiKey, Duration connectTimeout,
                             Duration responseTimeout) {

    /** The root of Google's own Generative Language API. */
    public static final URI GEMINI_BASE_URI = URI.create("https://generativelanguage.googleapis.com");

    /** Checks the settings. */
    public GeminiSettings {
        requireNonNull(name, "name");
        requireNonNull(baseUri, "baseUri");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(responseTimeout, "responseTimeout");
        if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
            throw new IllegalArgumentException("baseUri must be an http or https URI: " + baseUri);
        }
        if (baseUri.getRawQuery() != null) {
            throw new IllegalArgumentException("baseUri must not have a query (the key goes in a header): "
                                               + baseUri.getScheme() + "://" + baseUri.getRawAuthority());
        }
        if (apiKey.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("apiKey must not contain control characters"); // never echoed
        }
        baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
    }

    /** Creates settings with the default timeouts. */
    public static GeminiSettings of(String name, URI baseUri, String apiKey) {
        return new GeminiSettings(name, baseUri, apiKey, Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    /** Describes the settings with the key masked, so that they can be logged. */
    @Override
    public String toString() {
        return "GeminiSettings[name=" + name + ", baseUri=" + baseUri + ", apiKey=<redacted>, connectTimeout="
               + connectTimeout + ", responseTimeout=" + responseTimeout + ']';
    }
}
