package dev.llmg.internal.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.spi.GatewayException;

class EmbeddingsLimitsTest {

    private static final EmbeddingsLimits SMALL = new EmbeddingsLimits(4, 20, 8, 64);

    @Test
    void readsItsSectionWithDefaults() {
        assertThat(EmbeddingsLimits.from(parse(""))).isEqualTo(EmbeddingsLimits.DEFAULT);
        assertThat(EmbeddingsLimits.DEFAULT).isEqualTo(new EmbeddingsLimits(2048, 1_000_000, 4096, 16L << 20));
        assertThat(EmbeddingsLimits.from(parse("limits: {embeddings: {max_inputs: 4, max_input_characters: 20, "
                                               + "max_dimensions: 8, max_answer_length: 64}}")))
                .isEqualTo(SMALL);
        assertThat(EmbeddingsLimits.from(parse("limits: {embeddings: {max_answer_length: 1MiB}}")).maxAnswerLength())
                .isEqualTo(1 << 20);
    }

    @Test
    void theExampleConfigDocumentsTheDefaults() {
        assertThat(EmbeddingsLimits.from(new ConfigLoader(Map.of()).load(
                java.nio.file.Path.of("..", "config", "config.example.yaml"), Map.of())))
                .isEqualTo(EmbeddingsLimits.DEFAULT);
    }

    @Test
    void refusesUnknownKeysAndBadValuesByTheirPath() {
        assertThatThrownBy(() -> EmbeddingsLimits.from(parse("limits: {embedings: {}}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("limits.embedings: unknown key");
        assertThatThrownBy(() -> EmbeddingsLimits.from(parse("limits: {embeddings: {max_input: 3}}")))
                .hasMessageStartingWith("limits.embeddings.max_input: unknown key");
        assertThatThrownBy(() -> EmbeddingsLimits.from(parse("limits: {embeddings: {max_dimensions: 0}}")))
                .hasMessageStartingWith("limits.embeddings.max_dimensions: must be between 1");
        assertThatThrownBy(() -> EmbeddingsLimits.from(parse("limits: {embeddings: {max_answer_length: 3}}")))
                .hasMessageStartingWith("limits.embeddings.max_answer_length: must be at least 4 bytes");
    }

    @Test
    void refusesRequestsAboveTheLimitsNamingTheFieldAndTheLimit() {
        assertRefused(request(5, "a", 0), "inputs", "at most 4");
        assertRefused(request(3, "seven c", 0), "inputs", "21 characters in all; at most 20");
        assertRefused(request(1, "a", 9), "dimensions", "at most 8, not 9");
        assertRefused(request(3, "a", 8), "dimensions", "3 inputs × 8 dimensions make 96 bytes of vectors, more than "
                                                        + "the 64 bytes");
        assertThatCode(() -> EmbeddingsRequestValidator.validate(request(2, "a", 8), SMALL)).doesNotThrowAnyException();
        assertThatCode(() -> EmbeddingsRequestValidator.validate(request(4, "abcde", 0), SMALL))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnAnswerLargerThanTheLimitWhenTheModelChoseTheDimensions() {
        final Embedding vector = Embedding.newBuilder().addAllValues(java.util.Collections.nCopies(16, 0.25f)).build();
        assertThat(SMALL.refusal(CreateEmbeddingsResponse.newBuilder().addEmbeddings(vector).build())).isEmpty();
        assertThat(SMALL.refusal(CreateEmbeddingsResponse.newBuilder().addEmbeddings(vector).addEmbeddings(vector)
                                                         .build()))
                .get().satisfies(error -> assertThat(error.getMessage()).contains(
                        "2 vectors of 16 dimensions (128 bytes)", "64 bytes"));
    }

    private static void assertRefused(CreateEmbeddingsRequest request, String field, String message) {
        final GatewayException error = catchThrowableOfType(GatewayException.class,
                                                            () -> EmbeddingsRequestValidator.validate(request, SMALL));
        assertThat(error).as(message).isNotNull();
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.getMessage()).contains(message);
    }

    private static CreateEmbeddingsRequest request(int inputs, String text, int dimensions) {
        final CreateEmbeddingsRequest.Builder request = CreateEmbeddingsRequest.newBuilder().setModel("m");
        for (int i = 0; i < inputs; i++) {
            request.addInputs(text);
        }
        if (dimensions > 0) {
            request.setDimensions(dimensions);
        }
        return request.build();
    }

    private static dev.llmg.internal.config.ConfigSection parse(String yaml) {
        return new ConfigLoader(Map.of()).parse(yaml.isEmpty() ? "{}" : yaml);
    }
}
