package dev.llmg.internal.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.internal.providers.replay.ReplayServer;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Rewrites recorded Bedrock requests into what llmg sends for the same canonical request, makes providers for
 * the tests, and checks a received request's SigV4 signature by signing it again with the SDK's signer.
 *
 * <p>The recorders sent what llmg leaves out, dropped here: an empty {@code system} list (llmg leaves
 * {@code system} out when there is none). Cache points and reasoning settings are compared as recorded.
 */
final class BedrockWire {

    static final String ACCESS_KEY_ID = "AKIDEXAMPLELLMG12345";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String REGION = "us-east-1";
    /** The moment the recordings were signed at; the provider signs at it too. */
    static final Instant SIGNED_AT = Instant.parse("2026-08-19T14:34:37Z");

    private BedrockWire() {}

    static BedrockProvider provider(URI baseUri) {
        return provider(settings(baseUri));
    }

    /** Returns settings that sign with the test keys. */
    static BedrockSettings settings(URI baseUri) {
        return BedrockSettings.of("bedrock", baseUri, REGION, BedrockCredentials.keys(ACCESS_KEY_ID, SECRET_KEY, ""));
    }

    /** Returns a provider that signs at {@link #SIGNED_AT}. */
    static BedrockProvider provider(BedrockSettings settings) {
        return new BedrockProvider(settings, ClientFactory.ofDefault(),
                                   new UpstreamTimeouts(settings.connectTimeout(), settings.responseTimeout(),
                                                        settings.responseTimeout(), java.time.Duration.ZERO),
                                   Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
    }

    static ObjectNode asLlmgWouldSendIt(JsonNode recorded) {
        final ObjectNode copy = recorded.deepCopy();
        if (copy.path("system").isArray() && copy.get("system").isEmpty()) {
            copy.remove("system");
        }
        return copy;
    }

    /**
     * Checks that the request carries a well-formed SigV4 {@code Authorization} for the test credentials, and
     * that the SDK's signer, given the same request (path as received, body, host, date), signs it alike.
     */
    static void assertSigned(ReplayServer.ReceivedRequest received) {
        final RequestHeaders headers = received.headers();
        final String date = headers.get("x-amz-date");
        assertThat(date).matches("\\d{8}T\\d{6}Z");
        final String authorization = headers.get("authorization");
        assertThat(authorization).matches("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/\\d{8}/" + REGION
                                          + "/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*"
                                          + ", Signature=[0-9a-f]{64}");
        final Instant at = ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX"))
                                        .toInstant();
        final byte[] body = received.body().getBytes(StandardCharsets.UTF_8);
        final SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                                                     .uri(URI.create("http://" + headers.authority() + headers.path()))
                                                     .build();
        final String expected = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET_KEY))
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
        assertThat(authorization).as("the signature the SDK computes for the request received").isEqualTo(expected);
    }
}
