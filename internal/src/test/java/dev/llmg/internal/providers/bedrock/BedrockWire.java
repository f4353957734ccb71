package dev.llmg.internal.providers.bedrock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.testing.BedrockSignatures;

/**
 * Rewrites recorded Bedrock requests into what llmg sends for the same canonical request, makes providers for
 * the tests, and checks a received request's SigV4 signature ({@link BedrockSignatures}).
 *
 * <p>The recorders sent what llmg leaves out, dropped here: an empty {@code system} list (llmg leaves
 * {@code system} out when there is none). Cache points and reasoning settings are compared as recorded.
 */
final class BedrockWire {

    static final String ACCESS_KEY_ID = BedrockSignatures.ACCESS_KEY_ID;
    static final String SECRET_KEY = BedrockSignatures.SECRET_KEY;
    static final String REGION = BedrockSignatures.REGION;
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

    /** Checks the request's SigV4 signature, as {@link BedrockSignatures#assertSigned} says. */
    static void assertSigned(ReplayServer.ReceivedRequest received) {
        BedrockSignatures.assertSigned(received.headers(), received.body().getBytes(StandardCharsets.UTF_8));
    }
}
