package dev.llmg.internal.embeddings;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.spi.GatewayException;

/**
 * Checks an embeddings request before any provider sees it, whatever protocol it came by, and names the
 * field to fix.
 */
final class EmbeddingsRequestValidator {

    private EmbeddingsRequestValidator() {}

    /**
     * Throws an INVALID_ARGUMENT {@link GatewayException} for the first problem found, sizes above
     * {@code limits} included.
     */
    static void validate(CreateEmbeddingsRequest request, EmbeddingsLimits limits) {
        if (request.getModel().isBlank()) {
            throw GatewayException.invalidArgument("model", "model is required: name a model that can make embeddings");
        }
        if (request.getInputsCount() == 0) {
            throw GatewayException.invalidArgument("inputs", "inputs must hold at least one text to embed");
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
        limits.check(request);
    }
}
