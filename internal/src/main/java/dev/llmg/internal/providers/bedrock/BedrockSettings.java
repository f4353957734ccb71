package dev.llmg.internal.providers.bedrock;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Describes one configured Bedrock Runtime endpoint.
 *
 * @param name the configured provider name, reported in errors and metrics
 * @param baseUri the Bedrock Runtime host, {@code https://bedrock-runtime.{region}.amazonaws.com} unless
 *     overridden (a VPC endpoint, a test server); requests go to {@code {baseUri}/model/{modelId}/converse}
 * @param region the AWS region the requests are signed for, e.g. {@code us-east-1}
 * @param credentials where the credentials come from; never printed by {@link #toString()}
 * @param connectTimeout how long to wait for a connection
 * @param responseTimeout how long to wait for a whole unary answer, and for a stream the longest silence
 *     before its first byte and between two pieces; zero disables it
 * @param invokeAnthropic whether Claude models (ids with {@code anthropic.}) are called with InvokeModel and
 *     Anthropic's own bodies instead of Converse
 */
public record BedrockSettings(String name, URI baseUri, String region, BedrockCredentials credentials,
                              Duration connectTimeout, Duration responseTimeout, boolean invokeAnthropic) {

    /** AWS region names: lower-case words and digits joined by hyphens, nothing that could leave the host. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");

    /** Checks the settings. */
    public BedrockSettings {
        requireNonNull(name, "name");
        requireNonNull(baseUri, "baseUri");
        requireNonNull(region, "region");
        requireNonNull(credentials, "credentials");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(responseTimeout, "responseTimeout");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be an AWS region such as us-east-1: " + region);
        }
        if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
            throw new IllegalArgumentException("base_url must be an http or https URI: " + baseUri);
        }
        if (baseUri.getRawQuery() != null || baseUri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("base_url must have no query and no user info: "
                                               + baseUri.getScheme() + "://" + baseUri.getHost());
        }
        baseUri = URI.create(baseUri.toString().replaceAll("/+$", ""));
    }

    /** Creates settings with the default timeouts. */
    public static BedrockSettings of(String name, URI baseUri, String region, BedrockCredentials credentials) {
        return new BedrockSettings(name, baseUri, region, credentials, Duration.ofSeconds(10),
                                   Duration.ofMinutes(10), false);
    }

    /** Returns these settings with Claude models called through InvokeModel, or not. */
    public BedrockSettings withInvokeAnthropic(boolean invoke) {
        return new BedrockSettings(name, baseUri, region, credentials, connectTimeout, responseTimeout, invoke);
    }

    /** Returns Bedrock Runtime's public endpoint in a region. */
    public static URI endpoint(String region) {
        return URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
    }

    /** Describes the settings without the credentials' secrets, so that they can be logged. */
    @Override
    public String toString() {
        return "BedrockSettings[name=" + name + ", baseUri=" + baseUri + ", region=" + region + ", credentials="
               + credentials + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
               + ", invokeAnthropic=" + invokeAnthropic + ']';
    }
}
