package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Reads the fields that whole answers and stream chunks share: usage, finish reasons and roles.
 */
final class OpenAiFields {

    private OpenAiFields() {}

    /** Maps an OpenAI {@code usage} object; callers skip a missing or null one instead of calling this. */
    static Usage usage(JsonNode usage) {
        final JsonNode promptDetails = object(usage, "prompt_tokens_details");
        final JsonNode completionDetails = object(usage, "completion_tokens_details");
        final int input = integer(usage, "prompt_tokens");
        final int output = integer(usage, "completion_tokens");
        final int total = has(usage, "total_tokens") ? integer(usage, "total_tokens") : input + output;
        int cached = integer(promptDetails, "cached_tokens");
        if (cached == 0) {
            cached = integer(usage, "prompt_cache_hit_tokens"); // DeepSeek reports cache hits here.
        }
        return Usage.newBuilder()
                    .setInputTokens(input)
                    .setOutputTokens(output)
                    .setTotalTokens(total)
                    .setCachedInputTokens(cached)
                    .setReasoningTokens(integer(completionDetails, "reasoning_tokens"))
                    // Not OpenAI's, but some proxies in front of Anthropic models report cache writes here.
                    .setCacheCreationInputTokens(integer(promptDetails, "cache_creation_input_tokens"))
                    .build();
    }

    /** Maps a {@code finish_reason}; null or unknown ones map to unspecified. */
    static FinishReason finishReason(String reason) {
        switch (reason) {
            case "stop":
                return FinishReason.FINISH_REASON_STOP;
            case "length":
                return FinishReason.FINISH_REASON_LENGTH;
            case "tool_calls":
            case "function_call": // The deprecated functions API.
                return FinishReason.FINISH_REASON_TOOL_CALLS;
            case "content_filter":
                return FinishReason.FINISH_REASON_CONTENT_FILTER;
            case "error": // vLLM and some proxies.
                return FinishReason.FINISH_REASON_ERROR;
            default:
                return FinishReason.FINISH_REASON_UNSPECIFIED;
        }
    }

    /** Maps a message role; answers come from the assistant, so anything unknown is the assistant too. */
    static Role role(String role) {
        switch (role) {
            case "system":
                return Role.ROLE_SYSTEM;
            case "developer":
                return Role.ROLE_DEVELOPER;
            case "user":
                return Role.ROLE_USER;
            case "tool":
                return Role.ROLE_TOOL;
            default:
                return Role.ROLE_ASSISTANT;
        }
    }
}
