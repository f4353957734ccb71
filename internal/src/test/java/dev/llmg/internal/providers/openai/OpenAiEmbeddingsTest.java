package dev.llmg.internal.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.internal.providers.azure.AzureEndpoints;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Replays recorded OpenAI embedding exchanges: the body sent, the vectors decoded (floats, and base64 from a
 * server that sends it anyway), a 404 for an unknown model, and Azure's deployment path for embeddings.
 */
class OpenAiEmbeddingsTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer();

    @Test
    void floats() {
        final CreateEmbeddingsResponse response = embed("embeddings-basic", CreateEmbeddingsRequest.newBuilder()
                .setModel("text-embedding-3-small").addInputs("How do I reset my password?"));

        final JsonNode expected = Fixtures.json("openai", "embeddings-basic.request.json");
        assertThat(JsonTrees.diff(expected, server.takeRequest("openai", "embeddings-basic").json())).isEmpty();
        final JsonNode recorded = Fixtures.json("openai", "embeddings-basic.response.json");
        assertThat(response.getEmbeddingsCount()).isEqualTo(1);
        assertThat(response.getEmbeddings(0).getValuesCount()).isEqualTo(recorded.at("/data/0/embedding").size());
        assertThat(response.getEmbeddings(0).getValues(0)).isEqualTo(0.017608326f);
        assertThat(response.getModel()).isEqualTo(recorded.get("model").asText());
        assertThat(response.getUsage().getInputTokens()).isEqualTo(recorded.at("/usage/prompt_tokens").asInt());
    }

    @Test
    void dimensionsAndABase64Answer() {
        final CreateEmbeddingsResponse response = embed("embeddings-dimensions", CreateEmbeddingsRequest.newBuilder()
                .setModel("text-embedding-3-small").addInputs("Generate embeddings with specific dimensions")
                .setDimensions(256));

        // llmg asks for floats; the recording asked for base64, and its base64 answer is decoded all the same.
        final ObjectNode expected = (ObjectNode) Fixtures.json("openai", "embeddings-dimensions.request.json");
        expected.put("encoding_format", "float");
        assertThat(JsonTrees.diff(expected, server.takeRequest("openai", "embeddings-dimensions").json())).isEmpty();
        assertThat(response.getEmbeddings(0).getValuesCount()).isEqualTo(256);
        assertThat(response.getEmbeddings(0).getValuesList()).allSatisfy(v -> assertThat(Math.abs(v)).isLessThan(1f));
    }

    @Test
    void anUnknownModelIsNotFound() {
        try {
            embed("embeddings-unknown-model", CreateEmbeddingsRequest.newBuilder().setModel("text-embedding-4-ultra")
                                                                     .addInputs("Test with unknown model"));
        } catch (CompletionException e) {
            assertThat(((ProviderException) e.getCause()).kind()).isEqualTo(ErrorKind.NOT_FOUND);
            return;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void azureEmbedsThroughTheDeployment() {
        new OpenAiProvider(OpenAiSettings.of("azure", server.baseUri("openai", "embeddings-basic"), "k")
                                         .withAuthHeader("api-key"), ClientFactory.ofDefault(),
                           new AzureEndpoints(false, AzureEndpoints.DEFAULT_API_VERSION, Map.of("small", "emb-deployment")))
                .embed(CreateEmbeddingsRequest.newBuilder().setModel("small").addInputs("hi").build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("openai", "embeddings-basic");
        assertThat(sent.headers().path()).isEqualTo(
                "/replay/openai/embeddings-basic/v1/openai/deployments/emb-deployment/embeddings?api-version=2024-10-21");
        assertThat(sent.json().get("model").asText()).isEqualTo("emb-deployment");
    }

    private static CreateEmbeddingsResponse embed(String fixture, CreateEmbeddingsRequest.Builder request) {
        return new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri("openai", fixture), "sk-test-0123456789"))
                .embed(request.build(), Attempt.unlimited()).join();
    }
}
