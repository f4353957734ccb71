package dev.llmg.internal.providers.bedrock;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Where a Bedrock provider's credentials come from: keys given in the config, the AWS SDK's standard chain
 * (system properties, environment, the shared profile files, container and instance roles), a
 * named profile, or a Bedrock API key, which travels as a bearer token instead of a signature.
 *
 * <p>Web identity and SSO credentials need SDK modules ({@code sts}, {@code sso}) that llmg does not bundle;
 * the chain skips them.
 *
 * <p>The chain may read files or call the instance metadata service, so it is resolved on a blocking
 * executor, never on an event loop; the SDK's providers cache and refresh what they find.
 */
public final class BedrockCredentials implements AutoCloseable {

    private final AwsCredentialsIdentity fixed;
    private final AwsCredentialsProvider chain;
    private final String apiKey;
    private final String description;

    private BedrockCredentials(AwsCredentialsIdentity fixed, AwsCredentialsProvider chain, String apiKey,
                               String description) {
        this.fixed = fixed;
        this.chain = chain;
        this.apiKey = apiKey;
        this.description = description;
    }

    /** Signs with the given keys; {@code sessionToken} may be empty. */
    public static BedrockCredentials keys(String accessKeyId, String secretAccessKey, String sessionToken) {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
        requireNonNull(sessionToken, "sessionToken");
        final AwsCredentialsIdentity identity =
                sessionToken.isEmpty() ? AwsCredentialsIdentity.create(accessKeyId, secretAccessKey)
                                       : AwsSessionCredentialsIdentity.create(accessKeyId, secretAccessKey,
                                                                              sessionToken);
        return new BedrockCredentials(identity, null, "", "keys from the config");
    }

    /** Signs with whatever the SDK's default chain finds, or a named profile of the shared files. */
    public static BedrockCredentials chain(String profile) {
        requireNonNull(profile, "profile");
        if (profile.isEmpty()) {
            return new BedrockCredentials(null, DefaultCredentialsProvider.builder().build(), "",
                                          "the default AWS credentials chain");
        }
        return new BedrockCredentials(null, ProfileCredentialsProvider.builder().profileName(profile).build(), "",
                                      "the AWS profile " + profile);
    }

    /** Sends a Bedrock API key as {@code Authorization: Bearer} and signs nothing. */
    public static BedrockCredentials apiKey(String apiKey) {
        requireNonNull(apiKey, "apiKey");
        if (apiKey.isEmpty() || apiKey.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException("api_key must be non-empty, without spaces or control characters");
        }
        return new BedrockCredentials(null, null, apiKey, "a Bedrock API key");
    }

    /** Returns whether requests carry a bearer API key rather than a SigV4 signature. */
    public boolean bearer() {
        return !apiKey.isEmpty();
    }

    /** Returns the Bedrock API key; empty unless {@link #bearer()}. */
    String apiKeyValue() {
        return apiKey;
    }

    /** Returns the secrets known up front, for scrubbing them from what the provider reports. */
    String[] knownSecrets() {
        if (fixed == null) {
            return new String[] { apiKey };
        }
        return fixed instanceof AwsSessionCredentialsIdentity
               ? new String[] { fixed.secretAccessKey(), ((AwsSessionCredentialsIdentity) fixed).sessionToken() }
               : new String[] { fixed.secretAccessKey() };
    }

    /** Resolves the signing credentials, on {@code blocking} when they come from the chain. */
    CompletableFuture<AwsCredentialsIdentity> resolve(Executor blocking) {
        if (fixed != null) {
            return CompletableFuture.completedFuture(fixed);
        }
        if (chain == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("a bearer API key signs nothing"));
        }
        return CompletableFuture.supplyAsync(chain::resolveCredentials, blocking);
    }

    /** Releases what the chain holds (refresh threads, connections to the metadata service). */
    @Override
    public void close() {
        if (chain instanceof SdkAutoCloseable) {
            ((SdkAutoCloseable) chain).close();
        }
    }

    /** Says where the credentials come from, never what they are. */
    @Override
    public String toString() {
        return description;
    }
}
