package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.integer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Usage;

/** Translates Gemini's finish reasons and usage metadata to the canonical model. */
final class GeminiFields {

    private GeminiFields() {}

    /**
     * Maps a candidate's {@code finishReason}; a candidate that called functions and stopped normally finished
     * for its tool calls. Unknown reasons read as a natural stop, since the answer did end.
     */
    static FinishReason finishReason(String reason, boolean calledFunctions) {
        switch (reason) {
            case "":
            case "FINISH_REASON_UNSPECIFIED":
                return FinishReason.FINISH_REASON_UNSPECIFIED;
            case "MAX_TOKENS":
                return FinishReason.FINISH_REASON_LENGTH;
            case "SAFETY":
            case "RECITATION":
            case "PROHIBITED_CONTENT":
            case "BLOCKLIST":
            case "SPII":
            case "IMAGE_SAFETY":
                return FinishReason.FINISH_REASON_CONTENT_FILTER;
            case "MALFORMED_FUNCTION_CALL":
            case "UNEXPECTED_TOOL_CALL":
                return FinishReason.FINISH_REASON_ERROR;
            default: // STOP, LANGUAGE, OTHER
                return calledFunctions ? FinishReason.FINISH_REASON_TOOL_CALLS : FinishReason.FINISH_REASON_STOP;
        }
    }

    /**
     * Maps {@code usageMetadata}: thinking counts as output (it is billed as output), and the prompt count
     * already includes the cached tokens.
     */
    static Usage usage(JsonNode metadata) {
        final int input = integer(metadata, "promptTokenCount");
        final int thoughts = integer(metadata, "thoughtsTokenCount");
        final int output = integer(metadata, "candidatesTokenCount") + thoughts;
        final int total = integer(metadata, "totalTokenCount");
        return Usage.newBuilder()
                    .setInputTokens(input)
                    .setOutputTokens(output)
                    .setTotalTokens(total > 0 ? total : input + output)
                    .setCachedInputTokens(integer(metadata, "cachedContentTokenCount"))
                    .setReasoningTokens(thoughts)
                    .build();
    }
}
