package dev.llmg.internal.routing.config;

import java.util.Map;

/**
 * What a request must be like for a routing rule to apply ({@code rules[*].when}); every condition given
 * must hold, and a rule without conditions applies to every request.
 *
 * @param model the model or group the caller named (unset: any)
 * @param tools whether the request offers tools
 * @param jsonSchema whether the request asks for an answer in a JSON schema
 * @param images whether the request holds images
 * @param streaming whether the request is streamed
 * @param minPromptTokens the fewest estimated prompt tokens
 * @param maxPromptTokens the most estimated prompt tokens
 * @param metadata labels the request's {@code metadata} must carry, e.g. {@code tier: premium}
 */
public record RuleCondition(String model, Boolean tools, Boolean jsonSchema, Boolean images, Boolean streaming,
                            Integer minPromptTokens, Integer maxPromptTokens, Map<String, String> metadata) {

    /** Checks the bounds make sense. */
    public RuleCondition {
        if (minPromptTokens != null && maxPromptTokens != null && minPromptTokens > maxPromptTokens) {
            throw new IllegalArgumentException("min_prompt_tokens must not be more than max_prompt_tokens");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
