package dev.llmg.internal.embeddings;

import java.util.Optional;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Embedding;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.spi.GatewayException;

/**
 * Holds the {@code limits.embeddings} section of the configuration: how much one embeddings request may ask
 * for. A 17 KB request (2,048 short texts at 6,144 dimensions) otherwise makes a 257 MiB answer; these are
 * checked before any provider is called, and each refusal names the field and the limit.
 *
 * @param maxInputs the most texts one request may embed (OpenAI's own limit is 2,048)
 * @param maxInputCharacters the most characters all the texts of one request may hold together
 * @param maxDimensions the most dimensions a request may ask for
 * @param maxAnswerLength the largest answer a request may ask for, counted as its raw vectors: inputs ×
 *                        dimensions × 4 bytes (JSON is about five times larger); checked before the call when
 *                        the request names its dimensions, and on the answer when the model chose them
 */
public record EmbeddingsLimits(int maxInputs, int maxInputCharacters, int maxDimensions, long maxAnswerLength) {

    /** The limits when the configuration sets none. */
    public static final EmbeddingsLimits DEFAULT = new EmbeddingsLimits(2048, 1_000_000, 4096, 16L << 20);

    private static final int FLOAT_BYTES = Float.BYTES;

    /** Reads {@code limits.embeddings}, applying the defaults. */
    static EmbeddingsLimits from(ConfigSection root) {
        final ConfigSection limits = root.sectionOrEmpty("limits");
        limits.allowOnly("embeddings");
        final ConfigSection section = limits.sectionOrEmpty("embeddings");
        section.allowOnly("max_inputs", "max_input_characters", "max_dimensions", "max_answer_length");
        final long maxAnswerLength = section.bytes("max_answer_length", DEFAULT.maxAnswerLength());
        if (maxAnswerLength < FLOAT_BYTES) {
            throw new ConfigException(section.pathOf("max_answer_length"), "must be at least 4 bytes (one number)");
        }
        return new EmbeddingsLimits(section.integer("max_inputs", DEFAULT.maxInputs(), 1, 1_000_000),
                                    section.integer("max_input_characters", DEFAULT.maxInputCharacters(), 1,
                                                    Integer.MAX_VALUE),
                                    section.integer("max_dimensions", DEFAULT.maxDimensions(), 1, 1_000_000),
                                    maxAnswerLength);
    }

    /** Throws an INVALID_ARGUMENT {@link GatewayException} when {@code request} asks for more than these limits. */
    void check(CreateEmbeddingsRequest request) {
        if (request.getInputsCount() > maxInputs) {
            throw GatewayException.invalidArgument("inputs", "inputs holds " + request.getInputsCount()
                                                             + " texts; at most " + maxInputs + " are allowed");
        }
        long characters = 0;
        for (String input : request.getInputsList()) {
            characters += input.length();
        }
        if (characters > maxInputCharacters) {
            throw GatewayException.invalidArgument("inputs", "inputs hold " + characters
                                                             + " characters in all; at most " + maxInputCharacters
                                                             + " are allowed");
        }
        if (request.hasDimensions() && request.getDimensions() > maxDimensions) {
            throw GatewayException.invalidArgument("dimensions", "dimensions must be at most " + maxDimensions
                                                                 + ", not " + request.getDimensions());
        }
        if (request.hasDimensions()) {
            requireAnswerWithin(request.getInputsCount(), request.getDimensions(), "dimensions");
        }
    }

    /** Returns the INVALID_ARGUMENT {@link GatewayException} to answer when a provider's answer is too large. */
    Optional<GatewayException> refusal(CreateEmbeddingsResponse response) {
        long values = 0;
        int dimensions = 0;
        for (Embedding embedding : response.getEmbeddingsList()) {
            values += embedding.getValuesCount();
            dimensions = Math.max(dimensions, embedding.getValuesCount());
        }
        if (values * FLOAT_BYTES <= maxAnswerLength) {
            return Optional.empty();
        }
        return Optional.of(GatewayException.invalidArgument("inputs", "the answer holds "
                + response.getEmbeddingsCount() + " vectors of " + dimensions + " dimensions ("
                + size(values * FLOAT_BYTES) + "), more than the " + size(maxAnswerLength) + " the gateway answers "
                + "at once: send fewer inputs or ask for fewer dimensions"));
    }

    private void requireAnswerWithin(long inputs, long dimensions, String field) {
        final long length = inputs * dimensions * FLOAT_BYTES;
        if (length > maxAnswerLength) {
            throw GatewayException.invalidArgument(field, inputs + " inputs × " + dimensions + " dimensions make "
                    + size(length) + " of vectors, more than the " + size(maxAnswerLength) + " the gateway answers "
                    + "at once: send fewer inputs or ask for fewer dimensions");
        }
    }

    private static String size(long bytes) {
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
