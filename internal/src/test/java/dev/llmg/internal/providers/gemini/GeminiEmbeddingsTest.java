package dev.llmg.internal.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.Attempt;

/** Replays the recorded {@code batchEmbedContents} exchange through {@link GeminiProvider#embed}. */
class GeminiEmbeddingsTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("gemini", sb -> {});

    @Test
    void oneVectorPerInputWithTheRequestedDimensions() {
        final CreateEmbeddingsResponse response = GeminiWire.provider(server.baseUri("gemini", "batch-embed-contents"))
                .embed(CreateEmbeddingsRequest.newBuilder().setModel("gemini-embedding-001")
                                              .addInputs("Ruby is a programmer's best friend").setDimensions(768)
                                              .build(), Attempt.unlimited())
                .join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("gemini", "batch-embed-contents");
        assertThat(sent.headers().path()).isEqualTo(
                "/replay/gemini/batch-embed-contents/v1/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.headers().get("x-goog-api-key")).isEqualTo(GeminiWire.KEY);
        assertThat(JsonTrees.diff(Fixtures.json("gemini", "gemini", "batch-embed-contents.request.json"), sent.json()))
                .isEmpty();
        final JsonNode recorded = Fixtures.json("gemini", "gemini", "batch-embed-contents.response.json");
        assertThat(response.getModel()).isEqualTo("gemini-embedding-001");
        assertThat(response.getEmbeddingsCount()).isEqualTo(1);
        assertThat(response.getEmbeddings(0).getIndex()).isZero();
        assertThat(response.getEmbeddings(0).getValuesCount()).isEqualTo(768);
        assertThat(response.getEmbeddings(0).getValues(0))
                .isEqualTo(recorded.at("/embeddings/0/values/0").floatValue());
        assertThat(response.getEmbeddings(0).getValues(767))
                .isEqualTo(recorded.at("/embeddings/0/values/767").floatValue());
    }
}
