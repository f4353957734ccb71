package dev.llmg.internal.providers;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.ReasoningEffort;

/**
 * Says how much reasoning a request asks for in the two forms providers take: a token budget (Anthropic, Gemini
 * 2.5, Bedrock) or an effort (OpenAI, Gemini 3). One table for every provider, so that {@code effort: medium}
 * means the same budget wherever it goes.
 */
public final class ReasoningRequest {

    /** The budget of {@code minimal} and {@code low}: Anthropic's smallest. */
    static final int LOW_BUDGET = 1024;
    static final int MEDIUM_BUDGET = 4096;
    static final int HIGH_BUDGET = 16_384;

    private ReasoningRequest() {}

    /** Returns whether the request asks for reasoning at all. */
    public static boolean asked(ChatRequest request) {
        final ReasoningConfig reasoning = request.getReasoning();
        return request.hasReasoning() && (reasoning.hasBudgetTokens()
                                          || reasoning.getEffort() != ReasoningEffort.REASONING_EFFORT_UNSPECIFIED);
    }

    /** Returns the token budget asked for: the request's own, else its effort's; empty when none is asked. */
    public static OptionalInt budget(ChatRequest request) {
        if (!asked(request)) {
            return OptionalInt.empty();
        }
        final ReasoningConfig reasoning = request.getReasoning();
        if (reasoning.hasBudgetTokens()) {
            return OptionalInt.of(reasoning.getBudgetTokens());
        }
        switch (reasoning.getEffort()) {
            case REASONING_EFFORT_MEDIUM:
                return OptionalInt.of(MEDIUM_BUDGET);
            case REASONING_EFFORT_HIGH:
                return OptionalInt.of(HIGH_BUDGET);
            default:
                return OptionalInt.of(LOW_BUDGET);
        }
    }

    /**
     * Returns the effort asked for in lowercase ({@code minimal}, {@code low}, {@code medium}, {@code high}): the
     * request's own, else the nearest to its budget; empty when none is asked.
     */
    public static Optional<String> effort(ChatRequest request) {
        if (!asked(request)) {
            return Optional.empty();
        }
        final ReasoningConfig reasoning = request.getReasoning();
        if (reasoning.getEffort() != ReasoningEffort.REASONING_EFFORT_UNSPECIFIED) {
            return Optional.of(reasoning.getEffort().name().substring("REASONING_EFFORT_".length())
                                        .toLowerCase(Locale.ROOT));
        }
        final int budget = reasoning.getBudgetTokens();
        return Optional.of(budget <= LOW_BUDGET ? "low" : budget <= MEDIUM_BUDGET ? "medium" : "high");
    }
}
