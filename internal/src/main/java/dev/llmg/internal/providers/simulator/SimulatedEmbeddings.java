package dev.llmg.internal.providers.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.TokenEstimator;
import dev.llmg.spi.GatewayException;

/**
 * Makes the simulator's embeddings: for each text a unit vector derived from a SHA-256 hash of it, so the
 * same text always gets the same vector (on any machine and JVM) and different texts get unrelated ones.
 *
 * <p>The vector's components come from SplitMix64 seeded by the hash, written out here rather than taken
 * from {@code java.util.Random}, whose sequence is not a documented contract.
 */
final class SimulatedEmbeddings {

    /** The dimensions of a vector when the request names none, those of OpenAI's text-embedding-3-small. */
    static final int DEFAULT_DIMENSIONS = 1536;

    /** The most dimensions the simulator makes, the default of {@code limits.embeddings.max_dimensions}. */
    static final int MAX_DIMENSIONS = 4096;

    /**
     * The most numbers one answer holds (inputs × dimensions): 16 MiB of vectors, the default of
     * {@code limits.embeddings.max_answer_length}, so that the simulator stays bounded whatever the limits say.
     */
    static final long MAX_VALUES = 4L << 20;

    private SimulatedEmbeddings() {}

    /** Answers the request; throws INVALID_ARGUMENT when it asks for more than the simulator makes. */
    static CreateEmbeddingsResponse of(CreateEmbeddingsRequest request) {
        final int dimensions = request.hasDimensions() ? request.getDimensions() : DEFAULT_DIMENSIONS;
        if (dimensions > MAX_DIMENSIONS) {
            throw GatewayException.invalidArgument("dimensions", "dimensions must be at most " + MAX_DIMENSIONS
                                                                 + " for the simulator, not " + dimensions);
        }
        if ((long) request.getInputsCount() * dimensions > MAX_VALUES) {
            throw GatewayException.invalidArgument("inputs", request.getInputsCount() + " inputs × " + dimensions
                    + " dimensions is more than the " + MAX_VALUES + " numbers the simulator makes per answer");
        }
        final CreateEmbeddingsResponse.Builder response = CreateEmbeddingsResponse.newBuilder()
                                                                                  .setModel(request.getModel());
        int tokens = 0;
        for (int index = 0; index < request.getInputsCount(); index++) {
            final String input = request.getInputs(index);
            tokens += TokenEstimator.ofText(input);
            final Embedding.Builder embedding = Embedding.newBuilder().setIndex(index);
            for (float value : vector(input, dimensions)) {
                embedding.addValues(value);
            }
            response.addEmbeddings(embedding);
        }
        return response.setUsage(Usage.newBuilder().setInputTokens(tokens).setTotalTokens(tokens)).build();
    }

    /** Returns the unit vector of {@code text} with {@code dimensions} components. */
    static float[] vector(String text, int dimensions) {
        long state = seed(text);
        final double[] raw = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            state += 0x9E3779B97F4A7C15L;
            raw[i] = (mix(state) >>> 11) * 0x1.0p-53 * 2 - 1; // uniform in [-1, 1)
            norm += raw[i] * raw[i];
        }
        norm = Math.sqrt(norm);
        final float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (norm == 0 ? (i == 0 ? 1 : 0) : raw[i] / norm);
        }
        return vector;
    }

    private static long seed(String text) {
        final byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long seed = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seed = seed << 8 | (hash[i] & 0xFF);
        }
        return seed;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
