package dev.llmg.internal.routing.config;

/**
 * One target of a model group ({@code models[*].targets[*]}): a configured provider and its model, with what
 * routing needs to know about it. Unset facts come from the table of well-known models.
 *
 * @param provider the configured provider's name; required
 * @param model the provider's own name of the model; required
 * @param weight the share of requests under the {@code weighted} strategy (default 1)
 * @param priority the order under the {@code priority} strategy, lowest first (default: as written)
 * @param contextWindow the most tokens, prompt and answer, the model takes
 * @param maxOutputTokens the most tokens the model generates in one answer
 * @param capabilities what the model can do
 * @param prices what the model costs
 */
public record TargetSettings(String provider, String model, Integer weight, Integer priority, Integer contextWindow,
                             Integer maxOutputTokens, Capabilities capabilities, Prices prices) {

    /** Checks the target names a provider and a model, and that its numbers make sense. */
    public TargetSettings {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("provider is required: the configured provider that serves it");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required: the provider's own name of the model");
        }
        if (weight != null && (weight < 0 || weight > 1_000_000)) {
            throw new IllegalArgumentException("weight must be between 0 and 1000000, not " + weight);
        }
        if (contextWindow != null && contextWindow < 1) {
            throw new IllegalArgumentException("context_window must be at least 1 token");
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("max_output_tokens must be at least 1 token");
        }
        capabilities = capabilities == null ? Capabilities.UNKNOWN : capabilities;
        prices = prices == null ? Prices.UNKNOWN : prices;
    }

    /** Returns a target with nothing but its provider and model. */
    public static TargetSettings of(String provider, String model) {
        return new TargetSettings(provider, model, null, null, null, null, null, null);
    }
}
