package dev.llmg.internal.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.spi.GatewayException;

class SimulatedEmbeddingsTest {

    @Test
    void theSameTextAlwaysGetsTheSameUnitVector() {
        final float[] first = SimulatedEmbeddings.vector("hello", 64);
        assertThat(SimulatedEmbeddings.vector("hello", 64)).containsExactly(first);
        assertThat(SimulatedEmbeddings.vector("hello!", 64)).isNotEqualTo(first);
        double norm = 0;
        for (float value : first) {
            norm += value * value;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void vectorsAreStableAcrossRuns() {
        // Pinned: SHA-256 and SplitMix64 are specified, so these values must never change with the JVM.
        assertThat(SimulatedEmbeddings.vector("a", 4)).containsExactly(0.4703674f, 0.65626085f, 0.5664646f,
                                                                       -0.16490632f);
    }

    @Test
    void honoursDimensionsAndDefaultsToOpenAisSmallModel() {
        final CreateEmbeddingsResponse response = SimulatedEmbeddings.of(CreateEmbeddingsRequest.newBuilder()
                .setModel("sim").addInputs("one").addInputs("two words").build());
        assertThat(response.getEmbeddings(0).getValuesCount()).isEqualTo(SimulatedEmbeddings.DEFAULT_DIMENSIONS);
        assertThat(response.getEmbeddings(1).getIndex()).isEqualTo(1);
        assertThat(response.getUsage().getInputTokens()).isEqualTo(response.getUsage().getTotalTokens()).isPositive();
        assertThat(SimulatedEmbeddings.of(CreateEmbeddingsRequest.newBuilder().setModel("sim").addInputs("x")
                                                                 .setDimensions(3).build())
                                      .getEmbeddings(0).getValuesCount()).isEqualTo(3);
    }

    @Test
    void refusesMoreDimensionsThanItMakes() {
        final GatewayException error = catchThrowableOfType(GatewayException.class, () -> SimulatedEmbeddings.of(
                CreateEmbeddingsRequest.newBuilder().setModel("sim").addInputs("x").setDimensions(1 << 20).build()));
        assertThat(error.field()).isEqualTo("dimensions");
    }

    @Test
    void makesAtMostItsBoundOfNumbersPerAnswer() {
        final CreateEmbeddingsRequest.Builder request = CreateEmbeddingsRequest.newBuilder().setModel("sim");
        for (int i = 0; i < 2048; i++) {
            request.addInputs("text " + i);
        }
        final GatewayException tooMany = catchThrowableOfType(GatewayException.class,
                () -> SimulatedEmbeddings.of(request.setDimensions(SimulatedEmbeddings.MAX_DIMENSIONS).build()));
        assertThat(tooMany.field()).isEqualTo("inputs");
        assertThat(tooMany.getMessage()).contains(String.valueOf(SimulatedEmbeddings.MAX_VALUES));
        final GatewayException tooWide = catchThrowableOfType(GatewayException.class, () -> SimulatedEmbeddings.of(
                CreateEmbeddingsRequest.newBuilder().setModel("sim").addInputs("x")
                                       .setDimensions(SimulatedEmbeddings.MAX_DIMENSIONS + 1).build()));
        assertThat(tooWide.field()).isEqualTo("dimensions");
        assertThat(SimulatedEmbeddings.of(CreateEmbeddingsRequest.newBuilder().setModel("sim").addInputs("x")
                                                                 .setDimensions(SimulatedEmbeddings.MAX_DIMENSIONS)
                                                                 .build()).getEmbeddings(0).getValuesCount())
                .isEqualTo(SimulatedEmbeddings.MAX_DIMENSIONS);
    }
}
