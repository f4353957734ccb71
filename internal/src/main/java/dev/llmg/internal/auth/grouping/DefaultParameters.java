package dev.llmg.internal.auth.grouping;

import java.util.function.Function;

/**
 * Sampling parameters a level of the grouping sets for its callers' requests ({@code ...parameters}), used where
 * a request sets none: the nearest level's per parameter, and a request's own value always wins.
 *
 * @param temperature 0 to 2
 * @param topP 0 to 1
 * @param maxTokens at least 1
 * @param seed any
 * @param presencePenalty -2 to 2
 * @param frequencyPenalty -2 to 2
 */
public record DefaultParameters(Double temperature, Double topP, Integer maxTokens, Long seed, Double presencePenalty,
                                Double frequencyPenalty) {

    private static final DefaultParameters NONE = new DefaultParameters(null, null, null, null, null, null);

    /** Checks each value is one a provider takes. */
    public DefaultParameters {
        within(temperature, 0, 2, "temperature");
        within(topP, 0, 1, "top_p");
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1");
        }
        within(presencePenalty, -2, 2, "presence_penalty");
        within(frequencyPenalty, -2, 2, "frequency_penalty");
    }

    /** Returns no parameter at all. */
    public static DefaultParameters none() {
        return NONE;
    }

    /** Returns whether it sets nothing. */
    public boolean isNone() {
        return equals(NONE);
    }

    /** Returns these parameters, each one unset here taken from {@code farther} (a level above, or config's). */
    public DefaultParameters over(DefaultParameters farther) {
        return new DefaultParameters(nearer(DefaultParameters::temperature, farther),
                                     nearer(DefaultParameters::topP, farther),
                                     nearer(DefaultParameters::maxTokens, farther),
                                     nearer(DefaultParameters::seed, farther),
                                     nearer(DefaultParameters::presencePenalty, farther),
                                     nearer(DefaultParameters::frequencyPenalty, farther));
    }

    private <T> T nearer(Function<DefaultParameters, T> parameter, DefaultParameters farther) {
        final T own = parameter.apply(this);
        return own != null ? own : parameter.apply(farther);
    }

    private static void within(Double value, double min, double max, String name) {
        if (value != null && !(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
