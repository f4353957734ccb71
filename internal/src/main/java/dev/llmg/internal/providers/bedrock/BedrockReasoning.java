package dev.llmg.internal.providers.bedrock;

import java.util.OptionalInt;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.providers.ReasoningRequest;
import dev.llmg.spi.GatewayException;

/**
 * Asks a Bedrock model to reason, in {@code additionalModelRequestFields}, the one place Converse leaves to each
 * model family's own settings: Claude takes {@code reasoning_config} with a token budget, Nova
 * {@code reasoningConfig} with a {@code maxReasoningEffort} (as recorded in {@code converse-thinking} and
 * {@code converse-reasoning-nova}). Other families have no known shape, so asking them is refused rather than
 * sent in a form Bedrock would reject or ignore.
 */
final class BedrockReasoning {

    /** Claude's smallest thinking budget, as on Anthropic's own API. */
    private static final int MIN_CLAUDE_BUDGET = 1024;

    private BedrockReasoning() {}

    /** Puts the reasoning settings the request asks for, if any. */
    static void put(ObjectNode body, ChatRequest request) {
        if (!ReasoningRequest.asked(request)) {
            return;
        }
        final String model = request.getModel();
        if (model.contains("amazon.nova")) {
            // Nova's efforts are low, medium and high; minimal is as little as it allows.
            final String effort = ReasoningRequest.effort(request).orElseThrow();
            body.putObject("additionalModelRequestFields").putObject("reasoningConfig").put("type", "enabled")
                .put("maxReasoningEffort", "minimal".equals(effort) ? "low" : effort);
        } else if (model.contains("anthropic.")) {
            final int budget = budget(request);
            body.putObject("additionalModelRequestFields").putObject("reasoning_config").put("type", "enabled")
                .put("budget_tokens", budget);
        } else {
            throw GatewayException.invalidArgument("reasoning", "llmg asks Bedrock's Claude (anthropic.) and Nova "
                    + "(amazon.nova) models to reason; " + model + " is neither: leave reasoning unset");
        }
    }

    /**
     * Returns Claude's budget, which it counts within the answer's maximum: a maximum of the caller's must leave
     * room above it (without one, Bedrock's default for the model applies, as in the recording).
     */
    private static int budget(ChatRequest request) {
        final OptionalInt budget = ReasoningRequest.budget(request);
        if (budget.getAsInt() < MIN_CLAUDE_BUDGET) {
            throw GatewayException.invalidArgument("reasoning.budget_tokens", "Claude models think with at least "
                    + MIN_CLAUDE_BUDGET + " tokens; ask for " + MIN_CLAUDE_BUDGET + " or more");
        }
        if (request.hasMaxTokens() && request.getMaxTokens() <= budget.getAsInt()) {
            throw GatewayException.invalidArgument("max_tokens", "max_tokens (" + request.getMaxTokens()
                    + ") must be larger than the reasoning budget (" + budget.getAsInt() + "): Claude counts "
                    + "thinking within max_tokens");
        }
        return budget.getAsInt();
    }
}
