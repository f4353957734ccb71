package dev.llmg.internal.providers.bedrock;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs a Bedrock request with AWS Signature Version 4, using the AWS SDK's own signer (service
 * {@code bedrock}), and copies the headers it adds ({@code Authorization}, {@code X-Amz-Date},
 * {@code X-Amz-Content-Sha256}, {@code X-Amz-Security-Token}) onto the Armeria request.
 *
 * <p>The signer sees the full URL, the configured base path included, and the body; the host it signs is
 * sent as the request's authority, so that what was signed is what travels. Paths arrive here as they will
 * be sent; the signer encodes them once more for the canonical request, as AWS does on its side for every
 * service but S3.
 */
final class BedrockSigner {

    /** The name Bedrock Runtime signs under (its endpoints are {@code bedrock-runtime.*}). */
    static final String SERVICE = "bedrock";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final URI baseUri;
    private final String region;
    private final Clock clock;

    BedrockSigner(URI baseUri, String region, Clock clock) {
        this.baseUri = requireNonNull(baseUri, "baseUri");
        this.region = requireNonNull(region, "region");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Returns the headers with the signature's headers added; {@code headers.path()} is below the base URI. */
    RequestHeaders sign(RequestHeaders headers, byte[] body, AwsCredentialsIdentity credentials) {
        final SdkHttpRequest unsigned = SdkHttpRequest.builder()
                                                      .method(SdkHttpMethod.POST)
                                                      .uri(URI.create(baseUri + headers.path()))
                                                      .build();
        final SignedRequest signed = signer.sign(request -> request
                .identity(credentials)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        final RequestHeadersBuilder builder = headers.toBuilder();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            final String name = header.getKey().toLowerCase(Locale.ROOT);
            if ("host".equals(name)) {
                builder.authority(header.getValue().get(0));
            } else {
                builder.set(name, header.getValue());
            }
        }
        return builder.build();
    }

    /** Returns the headers with a Bedrock API key as a bearer token, for providers configured with one. */
    static RequestHeaders bearer(RequestHeaders headers, String apiKey) {
        return headers.toBuilder().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey).build();
    }
}
