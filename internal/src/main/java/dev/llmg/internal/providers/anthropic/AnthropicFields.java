package dev.llmg.internal.providers.anthropic;

import static dev.llmg.internal.providers.json.LenientJson.integer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Usage;

/** Translates Anthropic's stop reasons and usage to the canonical model. */
final class AnthropicFields {

    private AnthropicFields() {}

    /** Maps a {@code stop_reason}; unknown ones read as a natural stop, since the answer did end. */
    static FinishReason finishReason(String stopReason) {
        switch (stopReason) {
            case "":
                return FinishReason.FINISH_REASON_UNSPECIFIED;
            case "max_tokens":
            case "model_context_window_exceeded":
                return FinishReason.FINISH_REASON_LENGTH;
            case "tool_use":
                return FinishReason.FINISH_REASON_TOOL_CALLS;
            case "refusal":
                return FinishReason.FINISH_REASON_CONTENT_FILTER;
            default: // end_turn, stop_sequence, pause_turn
                return FinishReason.FINISH_REASON_STOP;
        }
    }

    /**
     * Maps Anthropic's usage, whose {@code input_tokens} leave out cache reads and writes, to canonical usage,
     * whose input tokens include them: otherwise cached prompts would look cheaper than they were.
     */
    static Usage usage(JsonNode usage) {
        final int cacheRead = integer(usage, "cache_read_input_tokens");
        final int cacheWrite = integer(usage, "cache_creation_input_tokens");
        final int input = integer(usage, "input_tokens") + cacheRead + cacheWrite;
        final int output = integer(usage, "output_tokens");
        return Usage.newBuilder()
                    .setInputTokens(input)
                    .setOutputTokens(output)
                    .setTotalTokens(input + output)
                    .setCachedInputTokens(cacheRead)
                    .setCacheCreationInputTokens(cacheWrite)
                    .build();
    }
}
