package dev.llmg.internal.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.EmbeddingsServiceGrpc;
import dev.llmg.api.gateway.v1.ModelsServiceGrpc;

/** The REST bodies to check come from the services' own {@code google.api.http} rules. */
class TranscodedBodyCheckTest {

    @Test
    void everyRuleWithABodyNamesItsBodysMessage() {
        final TranscodedBodyCheck check = new TranscodedBodyCheck(Set.of(
                new ChatServiceGrpc.ChatServiceImplBase() {}, new EmbeddingsServiceGrpc.EmbeddingsServiceImplBase() {},
                new ModelsServiceGrpc.ModelsServiceImplBase() {}));
        assertThat(check.bodies()).isEqualTo(Map.of(
                "/api/v1/chat/completions", ChatRequest.getDefaultInstance(), // body: "chat"
                "/api/v1/embeddings", CreateEmbeddingsRequest.getDefaultInstance())); // body: "*"
    }
}
