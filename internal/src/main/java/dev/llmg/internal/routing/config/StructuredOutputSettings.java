package dev.llmg.internal.routing.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model's structured-output policy ({@code models[*].structured_output}), written either as the policy's
 * name ({@code structured_output: retry}) or as a mapping ({@code {policy: retry, max_retries: 1}}).
 *
 * @param policy what to do with an answer that does not fit (default {@code validate})
 * @param maxRetries how many correction turns one target gets under {@code retry} and {@code strict} before
 *                   the next target is tried (default {@value #DEFAULT_MAX_RETRIES}, at most {@value #MOST_RETRIES})
 */
public record StructuredOutputSettings(StructuredPolicy policy, Integer maxRetries) {

    /** Correction turns per target when none is configured. */
    public static final int DEFAULT_MAX_RETRIES = 2;

    /** The most correction turns per target: each is a whole answer's cost. */
    public static final int MOST_RETRIES = 5;

    /** Report only, the default. */
    public static final StructuredOutputSettings DEFAULT = new StructuredOutputSettings(null, null);

    /** Checks the number and fills in the defaults. */
    @JsonCreator
    public StructuredOutputSettings(@JsonProperty("policy") StructuredPolicy policy,
                                    @JsonProperty("max_retries") Integer maxRetries) {
        if (maxRetries != null && (maxRetries < 0 || maxRetries > MOST_RETRIES)) {
            throw new IllegalArgumentException("max_retries must be between 0 and " + MOST_RETRIES + ", not "
                                               + maxRetries);
        }
        this.policy = policy == null ? StructuredPolicy.VALIDATE : policy;
        this.maxRetries = maxRetries == null ? DEFAULT_MAX_RETRIES : maxRetries;
    }

    /** Reads the short form, the policy's name alone. */
    @JsonCreator
    public static StructuredOutputSettings of(String policy) {
        return new StructuredOutputSettings(StructuredPolicy.of(policy), null);
    }
}
