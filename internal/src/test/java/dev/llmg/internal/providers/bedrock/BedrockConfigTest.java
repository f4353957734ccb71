package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Configures {@code type: bedrock} from YAML as in production: keys from {@code env:} references, a profile, a
 * Bedrock API key or the default chain, one way at most; and checks what each way sends, that missing keys
 * leave the provider unavailable with a message naming them, and that no secret is ever printed.
 */
class BedrockConfigTest {

    private static final String TOKEN = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWtleS0wMTIzNDU2Nzg5";

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("bedrock", sb -> { });

    @Test
    void keysFromTheEnvironmentSignAndAreNeverPrinted() {
        final ConfiguredProvider provider = provider("region: eu-west-3\n    access_key_id: env:ID\n"
                                                     + "    secret_access_key: env:SECRET\n"
                                                     + "    session_token: env:TOKEN",
                                                     Map.of("ID", BedrockWire.ACCESS_KEY_ID,
                                                            "SECRET", BedrockWire.SECRET_KEY, "TOKEN", TOKEN));
        final BedrockSettings settings = ((BedrockProvider) provider.client().orElseThrow()).settings();

        assertThat(settings.baseUri()).hasToString("https://bedrock-runtime.eu-west-3.amazonaws.com");
        assertThat(settings.toString()).doesNotContain(BedrockWire.SECRET_KEY, BedrockWire.ACCESS_KEY_ID, TOKEN)
                                       .contains("keys from the config");
    }

    @Test
    void aSessionTokenTravelsSignedBesideTheSignature() {
        final ChatProvider bedrock = provider("region: us-east-1\n    base_url: "
                                              + server.baseUri("bedrock", "converse-system") + "\n"
                                              + "    access_key_id: AKIDEXAMPLELLMG12345\n"
                                              + "    secret_access_key: env:SECRET\n    session_token: env:TOKEN",
                                              Map.of("SECRET", BedrockWire.SECRET_KEY, "TOKEN", TOKEN))
                .client().orElseThrow();
        bedrock.complete(ChatRequest.newBuilder().setModel(BedrockCompleteTest.NOVA)
                                    .addMessages(user("hi")).build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", "converse-system");
        assertThat(sent.headers().get("x-amz-security-token")).isEqualTo(TOKEN);
        assertThat(sent.headers().get("authorization")).contains("x-amz-security-token");
    }

    @Test
    void anUnsetKeyLeavesTheProviderUnavailableAndSaysWhichOne() {
        final ConfiguredProvider provider = provider("region: us-east-1\n    access_key_id: env:ID\n"
                                                     + "    secret_access_key: env:UNSET", Map.of("ID", "AKIDX"));

        assertThat(provider.client()).isEmpty();
        assertThat(provider.unavailableReason().orElseThrow()).contains("providers.b.secret_access_key");
    }

    @Test
    void oneWayOfGivingCredentialsAtMostAndARegion() {
        assertThat(catchThrowable(() -> provider("region: us-east-1\n    profile: p\n    api_key: k", Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("give one of");
        assertThat(catchThrowable(() -> provider("profile: p", Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("region");
        assertThat(catchThrowable(() -> provider("region: us-east-1/../x", Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("an AWS region");
    }

    @Test
    void aBedrockApiKeyTravelsAsABearerTokenWithoutASignature() {
        final ChatProvider bedrock = provider("region: us-east-1\n    base_url: "
                                              + server.baseUri("bedrock", "converse-basic") + "\n    api_key: env:KEY",
                                              Map.of("KEY", TOKEN)).client().orElseThrow();
        bedrock.complete(ChatRequest.newBuilder().setModel(BedrockCompleteTest.NOVA)
                                    .addMessages(user("What's 2 + 2?")).build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", "converse-basic");
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(sent.headers().contains("x-amz-date")).isFalse();
    }

    @Test
    void credentialsTheChainCannotFindFailTheCallAsUnauthenticated() {
        final ChatProvider bedrock = provider("region: us-east-1\n    base_url: " + server.baseUri("/nowhere")
                                              + "\n    profile: llmg-no-such-profile", Map.of()).client().orElseThrow();

        final Throwable failed = catchThrowable(() -> bedrock.complete(ChatRequest.newBuilder()
                .setModel(BedrockCompleteTest.NOVA).addMessages(user("hi")).build(), Attempt.unlimited()).join());

        assertThat(failed).isInstanceOf(CompletionException.class);
        assertThat(failed.getCause()).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
            assertThat(e.reason()).isEqualTo("no_credentials");
            assertThat(e.getMessage()).contains("the AWS profile llmg-no-such-profile");
            assertThat(e.retryable()).isFalse();
        });
    }

    private static ConfiguredProvider provider(String yaml, Map<String, String> environment) {
        final String config = "providers:\n  b:\n    type: bedrock\n    " + yaml + "\n";
        return ProviderRegistry.fromConfig(new ConfigLoader(environment).parse(config),
                                           Map.of("bedrock", new BedrockProviderFactory()))
                               .get("b").orElseThrow();
    }
}
