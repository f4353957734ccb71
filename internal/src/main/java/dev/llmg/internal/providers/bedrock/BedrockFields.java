package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Translates Bedrock's stop reasons, usage and reasoning blocks, the same in Converse and ConverseStream, to the
 * canonical model.
 */
final class BedrockFields {

    private BedrockFields() {}

    /** Maps a {@code stopReason}; unknown ones read as a natural stop, since the answer did end. */
    static FinishReason finishReason(String stopReason) {
        switch (stopReason) {
            case "":
                return FinishReason.FINISH_REASON_UNSPECIFIED;
            case "max_tokens":
            case "model_context_window_exceeded":
                return FinishReason.FINISH_REASON_LENGTH;
            case "tool_use":
                return FinishReason.FINISH_REASON_TOOL_CALLS;
            case "guardrail_intervened":
            case "content_filtered":
                return FinishReason.FINISH_REASON_CONTENT_FILTER;
            case "malformed_model_output":
            case "malformed_tool_use":
                return FinishReason.FINISH_REASON_ERROR;
            default: // end_turn, stop_sequence
                return FinishReason.FINISH_REASON_STOP;
        }
    }

    /**
     * Maps Bedrock's usage, whose {@code inputTokens} leave out cache reads and writes (its
     * {@code totalTokens} adds them), to canonical usage, whose input tokens include them.
     */
    static Usage usage(JsonNode usage) {
        final int cacheRead = integer(usage, "cacheReadInputTokens");
        final int cacheWrite = integer(usage, "cacheWriteInputTokens");
        final int input = integer(usage, "inputTokens") + cacheRead + cacheWrite;
        final int output = integer(usage, "outputTokens");
        return Usage.newBuilder()
                    .setInputTokens(input)
                    .setOutputTokens(output)
                    .setTotalTokens(input + output)
                    .setCachedInputTokens(cacheRead)
                    .setCacheCreationInputTokens(cacheWrite)
                    .build();
    }

    /**
     * Keeps a {@code reasoningContent} block whole: {@code reasoningText}'s text and signature, or the
     * {@code redactedContent} (bytes, base64 in JSON) as sent, so that it goes back unchanged.
     */
    static ReasoningBlock reasoningBlock(JsonNode content) {
        final JsonNode reasoningText = object(content, "reasoningText");
        return ReasoningBlock.newBuilder().setText(text(reasoningText, "text"))
                             .setSignature(text(reasoningText, "signature"))
                             .setRedacted(text(content, "redactedContent")).build();
    }
}
