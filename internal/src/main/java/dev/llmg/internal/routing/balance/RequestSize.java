package dev.llmg.internal.routing.balance;

/**
 * How big a request is, as routing estimates it before any provider counts: for context windows and costs.
 *
 * @param promptTokens the estimated prompt tokens
 * @param outputTokens the tokens the answer may take: the request's {@code max_tokens}, or an assumption
 */
public record RequestSize(int promptTokens, int outputTokens) {

    /** The answer length assumed for costs when the request sets no {@code max_tokens}. */
    public static final int ASSUMED_OUTPUT_TOKENS = 256;
}
