package dev.llmg.internal.providers.gemini;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Describes one configured Gemini endpoint: the Generative Language API, or Vertex AI when a project is set.
 *
 * @param name the configured provider name, reported in errors and metrics
 * @param baseUri the API host, e.g. {@code https://generativelanguage.googleapis.com}; requests go to
 *     {@code {baseUri}/v1beta/models/{model}:generateContent}
 * @param apiKey the key, sent as {@code x-goog-api-key} (never in the URL); never printed by {@link #toString()}
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for a whole unary answer, and for a stream the longest silence
 *     before its first byte and between two pieces; zero disables it
 * @param project the Google Cloud project of Vertex AI, or empty for the Generative Language API; with one,
 *     requests go to {@code {baseUri}/v1/projects/{project}/locations/{location}/publishers/google/models/
 *     {model}:generateContent} and {@code apiKey} is an OAuth access token, sent as
 *     {@code Authorization: Bearer}
 * @param location the Vertex AI location, e.g. {@code us-central1} or {@code global}; empty without a project
 */
public record GeminiSettings(String name, URI baseUri, String apiKey, Duration connectTimeout,
                             Duration responseTimeout, String project, String location) {

    /** Project ids and locations: lower-case letters, digits and hyphens, nothing that could leave the path. */
    private static final Pattern RESOURCE_ID = Pattern.compile("[a-z][a-z0-9-]*");

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
        requireNonNull(project, "project");
        requireNonNull(location, "location");
        if (!project.isEmpty() && !RESOURCE_ID.matcher(project).matches()) {
            throw new IllegalArgumentException("project must be a Google Cloud project id: " + project);
        }
        if (!project.isEmpty() && !RESOURCE_ID.matcher(location).matches()) {
            throw new IllegalArgumentException("location must be a Vertex AI location such as us-central1: "
                                               + location);
        }
        baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
    }

    /** Creates settings for the Generative Language API with the default timeouts. */
    public static GeminiSettings of(String name, URI baseUri, String apiKey) {
        return new GeminiSettings(name, baseUri, apiKey, Duration.ofSeconds(10), Duration.ofMinutes(10), "", "");
    }

    /** Creates settings for Vertex AI with the default timeouts; {@code accessToken} goes as a bearer token. */
    public static GeminiSettings vertex(String name, URI baseUri, String accessToken, String project,
                                        String location) {
        return new GeminiSettings(name, baseUri, accessToken, Duration.ofSeconds(10), Duration.ofMinutes(10),
                                  project, location);
    }

    /** Returns the host of Vertex AI for a location: one per region, and one for {@code global}. */
    public static URI vertexBaseUri(String location) {
        return URI.create("global".equals(location) ? "https://aiplatform.googleapis.com"
                                                    : "https://" + location + "-aiplatform.googleapis.com");
    }

    /** Returns whether these settings address Vertex AI rather than the Generative Language API. */
    public boolean vertex() {
        return !project.isEmpty();
    }

    /** Describes the settings with the key masked, so that they can be logged. */
    @Override
    public String toString() {
        return "GeminiSettings[name=" + name + ", baseUri=" + baseUri + ", apiKey=<redacted>, connectTimeout="
               + connectTimeout + ", responseTimeout=" + responseTimeout + ", project=" + project + ", location="
               + location + ']';
    }
}
