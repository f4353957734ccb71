package dev.llmg.internal.routing.config;

/**
 * What a target's model costs, in US dollars per million tokens ({@code targets[*].prices}); used by the
 * {@code lowest_cost} strategy, the {@code cost} objective of rules, and inference records.
 *
 * @param input per million prompt tokens
 * @param output per million generated tokens
 * @param cachedInput per million prompt tokens read from the provider's cache
 */
public record Prices(Double input, Double output, Double cachedInput) {

    /** Nothing known. */
    public static final Prices UNKNOWN = new Prices(null, null, null);

    /** Checks no price is negative. */
    public Prices {
        check("input", input);
        check("output", output);
        check("cached_input", cachedInput);
    }

    private static void check(String key, Double price) {
        if (price != null && (price < 0 || price.isNaN() || price.isInfinite())) {
            throw new IllegalArgumentException(key + " must be zero or more dollars per million tokens, not " + price);
        }
    }

    /** Returns these prices, with what is unset here taken from {@code fallback}. */
    public Prices orElse(Prices fallback) {
        return new Prices(input != null ? input : fallback.input, output != null ? output : fallback.output,
                          cachedInput != null ? cachedInput : fallback.cachedInput);
    }

    /** Returns whether input and output prices are known. */
    public boolean known() {
        return input != null && output != null;
    }
}
