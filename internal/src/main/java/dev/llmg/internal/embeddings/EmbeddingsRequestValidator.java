package dev.llmg.internal.embeddings;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.spi.GatewayException;

/**
 * Checks an embeddings request before any provider sees it, whatever protocol it came by, and names the
 * field to fix.
 */
final class EmbeddingsRequestValidator {

    /** OpenAI's limit of inputs per request, which other providers stay under too. */
    static final int MAX_INPUTS = 2048;

    private EmbeddingsRequestValidator() {}

    /** Throws an INVALID_ARGUMENT {@link GatewayException} for the first problem found. */
    static void validate(CreateEmbeddingsRequest request) {
        if (request.getModel().isBlank()) {
            throw GatewayException.invalidArgument("model", "model is required: name a model that can make embeddings");
        }
        if (request.getInputsCount() == 0) {
            throw GatewayException.invalidArgument("inputs", "inputs must hold at least one text to embed");
        }
        if (request.getInputsCount() > MAX_INPUTS) {
            throw GatewayException.invalidArgument("inputs", "inputs holds " + request.getInputsCount()
                                                             + " texts; at most " + MAX_INPUTS + " are allowed");
        }
        for (int i = 0; i < request.getInputsCount(); i++) {
            if (request.getInputs(i).isEmpty()) {
                throw GatewayException.invalidArgument("inputs[" + i + ']', "inputs[" + i + "] is empty: "
                                                                              + "every input needs some text");
            }
        }
        if (request.hasDimensions() && request.getDimensions() < 1) {
            throw GatewayException.invalidArgument("dimensions", "dimensions must be at least 1");
        }
    }
}
