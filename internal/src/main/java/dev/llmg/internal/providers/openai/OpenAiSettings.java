package dev.llmg.internal.providers.openai;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import dev.llmg.internal.secrets.CredentialScrubber;

/**
 * Describes one configured OpenAI-compatible endpoint: where it is, how to authenticate and how long to wait.
 *
 * @param name the configured provider name, e.g. {@code "openai"}; reported in errors and metrics
 * @param baseUri the API root, e.g. {@code https://api.openai.com/v1}; requests go to
 *     {@code {baseUri}/chat/completions} and {@code {baseUri}/models}. Any OpenAI-compatible server works
 *     (vLLM, Ollama, LM Studio, OpenRouter, ...). Trailing slashes are dropped.
 * @param apiKey the API key, sent as {@code Authorization: Bearer ...}; empty to send no Authorization
 *     header (local servers). Never printed by {@link #toString()}.
 * @param organization the {@code OpenAI-Organization} header, or empty to send none
 * @param project the {@code OpenAI-Project} header, or empty to send none
 * @param responseTimeout how long to wait for a whole unary answer, and for a stream both for its start and
 *     between two pieces of data (an idle timeout, so long answers are not cut off); {@link Duration#ZERO}
 *     disables it
 * @param forwardMetadata whether to send the request's metadata to the provider. OpenAI rejects
 *     {@code metadata} unless the completion is stored, so this also sends {@code "store": true}, which keeps
 *     the conversation at OpenAI; off by default because llmg's metadata is for llmg's own records and routing
 * @param authHeader the header that carries the key: {@code authorization} sends {@code Bearer KEY}, any
 *     other name (Azure's {@code api-key}, some proxies' {@code x-api-key}) sends the bare key
 * @param estimateUsage whether an answer without usage gets an estimate, marked as estimated (for
 *     compatible servers that report none)
 */
public record OpenAiSettings(String name, URI baseUri, String apiKey, String organization, String project,
                             Duration responseTimeout, boolean forwardMetadata, String authHeader,
                             boolean estimateUsage) {

    /** The root of OpenAI's own API. */
    public static final URI OPENAI_BASE_URI = URI.create("https://api.openai.com/v1");

    /** The response timeout of {@link #of}: the ten minutes the official OpenAI SDKs wait by default. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(10);

    /** Validates every setting and normalises the base URI. */
    public OpenAiSettings {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        baseUri = normalize(requireNonNull(baseUri, "baseUri"));
        requireHeaderSafe(requireNonNull(apiKey, "apiKey"), "apiKey", false);
        requireHeaderSafe(requireNonNull(organization, "organization"), "organization", true);
        requireHeaderSafe(requireNonNull(project, "project"), "project", true);
        requireNonNull(responseTimeout, "responseTimeout");
        requireNonNull(authHeader, "authHeader");
        if (!authHeader.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("authHeader must be a header name: " + authHeader);
        }
        if (responseTimeout.isNegative()) {
            throw new IllegalArgumentException("responseTimeout must not be negative: " + responseTimeout);
        }
    }

    /** Creates settings without organization or project, with the default timeout and no metadata. */
    public static OpenAiSettings of(String name, URI baseUri, String apiKey) {
        return new OpenAiSettings(name, baseUri, apiKey, "", "", DEFAULT_RESPONSE_TIMEOUT, false, "authorization",
                                  false);
    }

    /** Returns a copy with another response timeout. */
    public OpenAiSettings withResponseTimeout(Duration timeout) {
        return new OpenAiSettings(name, baseUri, apiKey, organization, project, timeout, forwardMetadata,
                                  authHeader, estimateUsage);
    }

    /** Returns a copy with the given organization and project headers. */
    public OpenAiSettings withOrganizationAndProject(String organization, String project) {
        return new OpenAiSettings(name, baseUri, apiKey, organization, project, responseTimeout,
                                  forwardMetadata, authHeader, estimateUsage);
    }

    /** Returns a copy that does or does not forward metadata (with {@code store: true}). */
    public OpenAiSettings withForwardMetadata(boolean forward) {
        return new OpenAiSettings(name, baseUri, apiKey, organization, project, responseTimeout, forward,
                                  authHeader, estimateUsage);
    }

    /** Returns a copy that sends the key in the named header ({@code authorization}: as a bearer token). */
    public OpenAiSettings withAuthHeader(String header) {
        return new OpenAiSettings(name, baseUri, apiKey, organization, project, responseTimeout, forwardMetadata,
                                  header.toLowerCase(Locale.ROOT), estimateUsage);
    }

    /** Returns a copy that does or does not estimate missing usage. */
    public OpenAiSettings withEstimateUsage(boolean estimate) {
        return new OpenAiSettings(name, baseUri, apiKey, organization, project, responseTimeout, forwardMetadata,
                                  authHeader, estimate);
    }

    /** Describes the settings with the API key masked, so that they can be logged. */
    @Override
    public String toString() {
        return "OpenAiSettings[name=" + name + ", baseUri=" + baseUri
               + ", apiKey=" + (apiKey.isEmpty() ? "<none>" : "<redacted>")
               + ", organization=" + organization + ", project=" + project
               + ", responseTimeout=" + responseTimeout + ", forwardMetadata=" + forwardMetadata
               + ", authHeader=" + authHeader + ", estimateUsage=" + estimateUsage + ']';
    }

    private static URI normalize(URI uri) {
        // Errors echo the URI; credentials in it (user info, a ?key= parameter) must not be echoed with it.
        final String shown = CredentialScrubber.patternsOnly().scrub(
                uri.toString().replaceFirst("//[^/?#]*@", "//" + CredentialScrubber.REDACTED + '@'));
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("baseUri must be an http or https URI: " + shown);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("baseUri must name a host: " + shown);
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in a URI end up in logs; the key belongs in apiKey.
            throw new IllegalArgumentException("baseUri must not contain user info; use apiKey instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUri must have no query or fragment: " + shown);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String authority = uri.getRawAuthority();
        return URI.create(scheme + "://" + authority + path);
    }

    private static void requireHeaderSafe(String value, String setting, boolean echo) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // The key itself is never echoed, not even in an error message.
                throw new IllegalArgumentException(
                        setting + " must not contain control characters such as line breaks"
                        + (echo ? ": " + value : ""));
            }
        }
    }
}
