package dev.llmg.internal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.linecorp.armeria.common.RequestHeaders;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The test credentials of Bedrock providers, and a check that a request a loopback Bedrock received is signed
 * with them as the AWS SDK's own signer signs it; shared with the gateway's end-to-end tests, which check the same
 * way.
 */
public final class BedrockSignatures {

    public static final String ACCESS_KEY_ID = "AKIDEXAMPLELLMG12345";
    public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static final String REGION = "us-east-1";

    private BedrockSignatures() {}

    /**
     * Checks that the request carries a well-formed SigV4 {@code Authorization} for the test credentials, and
     * that the SDK's signer, given the same request (path as received, body, host, date), signs it alike.
     */
    public static void assertSigned(RequestHeaders headers, byte[] body) {
        final String date = headers.get("x-amz-date");
        assertThat(date).matches("\\d{8}T\\d{6}Z");
        final String authorization = headers.get("authorization");
        assertThat(authorization).matches("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/\\d{8}/" + REGION
                                          + "/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*"
                                          + ", Signature=[0-9a-f]{64}");
        final Instant at = ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX"))
                                        .toInstant();
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
