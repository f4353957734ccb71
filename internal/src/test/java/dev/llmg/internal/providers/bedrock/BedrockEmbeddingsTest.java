package dev.llmg.internal.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.GatewayException;

/**
 * Embeds through a replayed Titan InvokeModel exchange: each input is one signed call whose body equals the
 * recorded one, and the vectors come back in order with their token counts added up.
 */
class BedrockEmbeddingsTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("bedrock", sb -> { });

    private static final String TITAN = "amazon.titan-embed-text-v2:0";
    private static final String RUBY = "Ruby is a programmer's best friend";

    @Test
    void oneSignedCallPerInputAndTheVectorsInOrder() {
        final CreateEmbeddingsResponse response = BedrockWire.provider(server.baseUri("bedrock", "invoke-titan-embed"))
                .embed(CreateEmbeddingsRequest.newBuilder().setModel(TITAN).addInputs(RUBY).addInputs(RUBY)
                                              .setDimensions(1024).build(), Attempt.unlimited()).join();

        final JsonNode recorded = Fixtures.json("bedrock", "bedrock", "invoke-titan-embed.request.json");
        for (int i = 0; i < 2; i++) {
            final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", "invoke-titan-embed");
            assertThat(JsonTrees.diff(recorded, sent.json())).isEmpty();
            assertThat(sent.headers().path())
                    .isEqualTo("/replay/bedrock/invoke-titan-embed/v1/model/amazon.titan-embed-text-v2:0/invoke");
            BedrockWire.assertSigned(sent);
        }
        assertThat(response.getModel()).isEqualTo(TITAN);
        assertThat(response.getEmbeddingsList()).extracting(e -> e.getIndex()).containsExactly(0, 1);
        assertThat(response.getEmbeddings(0).getValuesCount()).isEqualTo(1024);
        assertThat(response.getEmbeddings(0).getValues(0)).isEqualTo(-0.061209455132484436f);
        assertThat(response.getUsage().getInputTokens()).isEqualTo(16);
    }

    @Test
    void onlyTitanTextModelsEmbed() {
        final Throwable refused = catchThrowable(() -> BedrockWire.provider(server.baseUri("/nowhere")).embed(
                CreateEmbeddingsRequest.newBuilder().setModel("cohere.embed-english-v3").addInputs("x").build(),
                Attempt.unlimited()).join());

        assertThat(refused).isInstanceOf(CompletionException.class);
        assertThat(refused.getCause()).isInstanceOf(GatewayException.class).hasMessageContaining("Amazon Titan");
    }
}
