package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.common.HttpResponse;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;

/**
 * Credentials from a profile of a shared credentials file, found by the AWS SDK's provider off the event loop:
 * the request is signed with them, and cancelling a call whose credentials were looked up first still aborts
 * the upstream request.
 */
class BedrockProfileTest {

    /** Completes when the held call has reached the server. */
    private static final CompletableFuture<Void> heldCallArrived = new CompletableFuture<>();
    /** Completes with how the held call ended: the cause when it was cut. */
    private static final CompletableFuture<Throwable> heldCallEnded = new CompletableFuture<>();

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("bedrock", sb -> sb.service("prefix:/hold/", (ctx, req) -> {
        final HttpResponse never = HttpResponse.streaming(); // answers nothing until the call is cut
        never.whenComplete().handle((unused, cause) -> heldCallEnded.complete(cause));
        heldCallArrived.complete(null);
        return never;
    }));

    @TempDir
    static Path folder;

    @BeforeAll
    static void writeTheSharedCredentialsFile() throws IOException {
        final Path file = folder.resolve("credentials");
        Files.writeString(file, "[llmg-test]\naws_access_key_id = " + BedrockWire.ACCESS_KEY_ID
                                + "\naws_secret_access_key = " + BedrockWire.SECRET_KEY + "\n");
        System.setProperty("aws.sharedCredentialsFile", file.toString());
        System.setProperty("aws.configFile", folder.resolve("config").toString());
    }

    @AfterAll
    static void forgetIt() {
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.configFile");
    }

    @Test
    void theProfilesKeysSignTheRequest() {
        final CreateChatCompletionResponse response = provider(server.baseUri("bedrock", "converse-basic").toString())
                .complete(ChatRequest.newBuilder().setModel(BedrockCompleteTest.NOVA)
                                     .addMessages(user("What's 2 + 2?")).build(), Attempt.unlimited()).join();

        BedrockWire.assertSigned(server.takeRequest("bedrock", "converse-basic"));
        assertThat(response.getUsage().getInputTokens()).isEqualTo(53);
    }

    @Test
    void cancellingACallAbortsTheUpstreamRequest() throws Exception {
        final CompletableFuture<CreateChatCompletionResponse> call = provider(server.baseUri("/hold").toString())
                .complete(ChatRequest.newBuilder().setModel(BedrockCompleteTest.NOVA).addMessages(user("hi")).build(),
                          Attempt.unlimited());
        heldCallArrived.get(10, TimeUnit.SECONDS);
        call.cancel(true);

        assertThat(heldCallEnded.get(10, TimeUnit.SECONDS)).as("the upstream request was cut").isNotNull();
    }

    private static ChatProvider provider(String baseUrl) {
        final String config = "providers:\n  b:\n    type: bedrock\n    region: us-east-1\n    base_url: " + baseUrl
                              + "\n    profile: llmg-test\n";
        return ProviderRegistry.fromConfig(new ConfigLoader(Map.of()).parse(config),
                                           Map.of("bedrock", new BedrockProviderFactory()))
                               .get("b").orElseThrow().client().orElseThrow();
    }
}
