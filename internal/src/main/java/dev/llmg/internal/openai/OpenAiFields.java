package dev.llmg.internal.openai;

import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ImageDetail;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Translates OpenAI's names and shapes that both directions share (usage, finish reasons, roles, image
 * detail, tool-choice modes, response-format types) to and from the canonical model.
 *
 * <p>Readers of answers are lenient (an unknown value reads as a sensible default, since a provider's
 * novelty must not fail an answer); readers of requests get an empty {@link Optional} instead, so that a
 * caller's typo is reported rather than guessed.
 */
public final class OpenAiFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiFields() {}

    /** Maps an OpenAI {@code usage} object; callers skip a missing or null one instead of calling this. */
    public static Usage usage(JsonNode usage) {
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

    /** Writes canonical usage as OpenAI's {@code usage} object, with the token details its SDKs expect. */
    public static ObjectNode usageJson(Usage usage) {
        final ObjectNode node = NODES.objectNode()
                                     .put("prompt_tokens", usage.getInputTokens())
                                     .put("completion_tokens", usage.getOutputTokens())
                                     .put("total_tokens", usage.getTotalTokens());
        final ObjectNode promptDetails = node.putObject("prompt_tokens_details")
                                             .put("cached_tokens", usage.getCachedInputTokens())
                                             .put("audio_tokens", 0);
        if (usage.getCacheCreationInputTokens() > 0) {
            // Not OpenAI's (it caches by itself, for free): the cache writes a provider such as Anthropic bills.
            promptDetails.put("cache_creation_input_tokens", usage.getCacheCreationInputTokens());
        }
        node.putObject("completion_tokens_details")
            .put("reasoning_tokens", usage.getReasoningTokens())
            .put("audio_tokens", 0)
            .put("accepted_prediction_tokens", 0)
            .put("rejected_prediction_tokens", 0);
        return node;
    }

    /** Maps a {@code finish_reason}; null or unknown ones map to unspecified. */
    public static FinishReason finishReason(String reason) {
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

    /** Names a finish reason as OpenAI does, or returns null for unspecified (still streaming). */
    public static String finishReasonName(FinishReason reason) {
        switch (reason) {
            case FINISH_REASON_STOP:
                return "stop";
            case FINISH_REASON_LENGTH:
                return "length";
            case FINISH_REASON_TOOL_CALLS:
                return "tool_calls";
            case FINISH_REASON_CONTENT_FILTER:
                return "content_filter";
            case FINISH_REASON_ERROR:
                return "error"; // Not OpenAI's, but what vLLM sends; SDKs keep unknown reasons as text.
            default:
                return null;
        }
    }

    /** Maps a message role of an answer; answers come from the assistant, so anything unknown is too. */
    public static Role role(String role) {
        return knownRole(role).orElse(Role.ROLE_ASSISTANT);
    }

    /** Maps a message role of a request, or returns empty when OpenAI has no such role. */
    public static Optional<Role> knownRole(String role) {
        switch (role) {
            case "system":
                return Optional.of(Role.ROLE_SYSTEM);
            case "developer":
                return Optional.of(Role.ROLE_DEVELOPER);
            case "user":
                return Optional.of(Role.ROLE_USER);
            case "assistant":
                return Optional.of(Role.ROLE_ASSISTANT);
            case "tool":
                return Optional.of(Role.ROLE_TOOL);
            default:
                return Optional.empty();
        }
    }

    /** Names a role as OpenAI does, or returns null for an unspecified or unknown one. */
    public static String roleName(Role role) {
        switch (role) {
            case ROLE_SYSTEM:
                return "system";
            case ROLE_DEVELOPER:
                return "developer";
            case ROLE_USER:
                return "user";
            case ROLE_ASSISTANT:
                return "assistant";
            case ROLE_TOOL:
                return "tool";
            default:
                return null;
        }
    }

    /** Maps an image {@code detail}, or returns empty for a value OpenAI does not define. */
    public static Optional<ImageDetail> imageDetail(String detail) {
        switch (detail) {
            case "auto":
                return Optional.of(ImageDetail.IMAGE_DETAIL_AUTO);
            case "low":
                return Optional.of(ImageDetail.IMAGE_DETAIL_LOW);
            case "high":
                return Optional.of(ImageDetail.IMAGE_DETAIL_HIGH);
            default:
                return Optional.empty();
        }
    }

    /** Names an image detail as OpenAI does, or returns null when unspecified (OpenAI's default applies). */
    public static String imageDetailName(ImageDetail detail) {
        switch (detail) {
            case IMAGE_DETAIL_AUTO:
                return "auto";
            case IMAGE_DETAIL_LOW:
                return "low";
            case IMAGE_DETAIL_HIGH:
                return "high";
            default:
                return null;
        }
    }

    /** Maps a {@code tool_choice} string, or returns empty for a value OpenAI does not define. */
    public static Optional<ToolChoiceMode> toolChoiceMode(String mode) {
        switch (mode) {
            case "auto":
                return Optional.of(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO);
            case "none":
                return Optional.of(ToolChoiceMode.TOOL_CHOICE_MODE_NONE);
            case "required":
                return Optional.of(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED);
            default:
                return Optional.empty();
        }
    }

    /** Names a tool-choice mode as OpenAI does, or returns null when unspecified. */
    public static String toolChoiceModeName(ToolChoiceMode mode) {
        switch (mode) {
            case TOOL_CHOICE_MODE_AUTO:
                return "auto";
            case TOOL_CHOICE_MODE_NONE:
                return "none";
            case TOOL_CHOICE_MODE_REQUIRED:
                return "required";
            default:
                return null;
        }
    }

    /** Maps a {@code response_format.type}, or returns empty for a value OpenAI does not define. */
    public static Optional<ResponseFormatType> responseFormatType(String type) {
        switch (type) {
            case "text":
                return Optional.of(ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT);
            case "json_object":
                return Optional.of(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT);
            case "json_schema":
                return Optional.of(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA);
            default:
                return Optional.empty();
        }
    }

    /** Names a response-format type as OpenAI does, or returns null when unspecified. */
    public static String responseFormatTypeName(ResponseFormatType type) {
        switch (type) {
            case RESPONSE_FORMAT_TYPE_TEXT:
                return "text";
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT:
                return "json_object";
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA:
                return "json_schema";
            default:
                return null;
        }
    }
}
