package dev.llmg.internal.chat;

import java.util.HashSet;
import java.util.Set;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ImageDetail;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.ReasoningEffort;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.schema.JsonSchemaCheck;
import dev.llmg.spi.GatewayException;

/**
 * Checks a chat request before any provider sees it, whatever protocol it came by, and says exactly which
 * field to fix: a provider's 400 costs a round trip and often a less helpful message. Instructions check their
 * versions' settings with it when a version is created.
 */
public final class ChatRequestValidator {

    private static final int MAX_STOP_SEQUENCES = 4;
    /** OpenAI's most alternatives per token position. */
    private static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_ALTERNATIVES = 16;

    private ChatRequestValidator() {}

    /**
     * Throws an INVALID_ARGUMENT {@link GatewayException} for what the context would read before the request is
     * widened and validated whole: the instruction's variables must be JSON.
     */
    static void validateContext(ChatRequest asked) {
        if (asked.hasVariables()) {
            JsonSchemaCheck.checkJson(asked.getVariables(), "variables");
        }
    }

    /** Throws an INVALID_ARGUMENT {@link GatewayException} for the first problem found. */
    public static void validate(ChatRequest request) {
        if (request.getModel().isBlank()) {
            throw GatewayException.invalidArgument("model",
                    "model is required: name one of the configured models (GET /api/v1/models, or /v1/models)");
        }
        if (request.getMessagesCount() == 0) {
            throw GatewayException.invalidArgument("messages", "messages must hold at least one message");
        }
        for (int i = 0; i < request.getMessagesCount(); i++) {
            validateMessage(request.getMessages(i), "messages[" + i + ']');
        }
        final Set<String> toolNames = new HashSet<>();
        for (int i = 0; i < request.getToolsCount(); i++) {
            final Tool tool = request.getTools(i);
            if (!tool.getName().matches("[A-Za-z0-9_-]{1,64}")) {
                throw GatewayException.invalidArgument("tools[" + i + "].name",
                        "tools[" + i + "].name must be 1 to 64 letters, digits, underscores or dashes");
            }
            if (!toolNames.add(tool.getName())) {
                throw GatewayException.invalidArgument("tools[" + i + "].name",
                        "tools[" + i + "].name '" + tool.getName() + "' is used by another tool");
            }
            if (tool.hasParameters()) {
                JsonSchemaCheck.check(tool.getParameters(), "tools[" + i + "].parameters");
            }
        }
        // Binary protobuf keeps enum numbers it does not know; the JSON reader refuses them before this.
        if (request.getToolChoice().hasMode() && request.getToolChoice().getMode() == ToolChoiceMode.UNRECOGNIZED) {
            throw GatewayException.invalidArgument("tool_choice.mode", "tool_choice.mode "
                    + request.getToolChoice().getModeValue() + " is unknown: use TOOL_CHOICE_MODE_AUTO, "
                    + "TOOL_CHOICE_MODE_NONE or TOOL_CHOICE_MODE_REQUIRED");
        }
        if (request.getToolChoice().hasToolName() && !toolNames.contains(request.getToolChoice().getToolName())) {
            throw GatewayException.invalidArgument("tool_choice.tool_name", "tool_choice.tool_name '"
                    + request.getToolChoice().getToolName() + "' is not one of the request's tools");
        }
        validateResponseFormat(request.getResponseFormat());
        validateStructuredOutput(request.getStructuredOutput());
        validateReasoning(request.getReasoning());
        validateCacheHints(request);
        validateSampling(request);
    }

    private static void validateReasoning(ReasoningConfig reasoning) {
        if (reasoning.getEffort() == ReasoningEffort.UNRECOGNIZED) {
            throw GatewayException.invalidArgument("reasoning.effort", "reasoning.effort " + reasoning.getEffortValue()
                    + " is unknown: use REASONING_EFFORT_MINIMAL, _LOW, _MEDIUM or _HIGH");
        }
        if (reasoning.hasBudgetTokens() && reasoning.getBudgetTokens() < 1) {
            throw GatewayException.invalidArgument("reasoning.budget_tokens", "reasoning.budget_tokens must be at "
                                                                              + "least 1, not "
                                                                              + reasoning.getBudgetTokens());
        }
    }

    private static void validateCacheHints(ChatRequest request) {
        for (int i = 0; i < request.getToolsCount(); i++) {
            validateCache(request.getTools(i).getCacheControl(), "tools[" + i + "].cache_control.ttl");
        }
        for (int i = 0; i < request.getMessagesCount(); i++) {
            for (int j = 0; j < request.getMessages(i).getContentCount(); j++) {
                validateCache(request.getMessages(i).getContent(j).getCacheControl(),
                              "messages[" + i + "].content[" + j + "].cache_control.ttl");
            }
        }
    }

    private static void validateCache(CacheControl cache, String path) {
        final String ttl = cache.getTtl();
        if (!ttl.isEmpty() && !ttl.equals("5m") && !ttl.equals("1h")) {
            throw GatewayException.invalidArgument(path, path + " must be empty (the provider's default), \"5m\" or "
                                                         + "\"1h\", not '" + ttl + '\'');
        }
    }

    private static void validateStructuredOutput(StructuredOutputOptions options) {
        if (options.getPolicy() == StructuredOutputPolicy.UNRECOGNIZED) {
            throw GatewayException.invalidArgument("structured_output.policy", "structured_output.policy "
                    + options.getPolicyValue() + " is unknown: use STRUCTURED_OUTPUT_POLICY_VALIDATE, _REPAIR, _RETRY "
                    + "or _STRICT");
        }
        if (options.hasMaxRetries()
            && (options.getMaxRetries() < 0 || options.getMaxRetries() > StructuredOutputSettings.MOST_RETRIES)) {
            throw GatewayException.invalidArgument("structured_output.max_retries", "structured_output.max_retries must "
                    + "be between 0 and " + StructuredOutputSettings.MOST_RETRIES + ", not " + options.getMaxRetries());
        }
    }

    private static void validateMessage(Message message, String path) {
        if (message.getRole() == Role.ROLE_UNSPECIFIED || message.getRole() == Role.UNRECOGNIZED) {
            throw GatewayException.invalidArgument(path + ".role", path + ".role is required: one of "
                    + "ROLE_SYSTEM, ROLE_DEVELOPER, ROLE_USER, ROLE_ASSISTANT, ROLE_TOOL");
        }
        for (int j = 0; j < message.getContentCount(); j++) {
            final ContentPart part = message.getContent(j);
            if (part.getPartCase() == ContentPart.PartCase.PART_NOT_SET) {
                throw GatewayException.invalidArgument(path + ".content[" + j + ']', path + ".content[" + j
                        + "] is empty: set text or image_url");
            }
            if (part.hasImageUrl() && part.getImageUrl().getDetail() == ImageDetail.UNRECOGNIZED) {
                throw GatewayException.invalidArgument(path + ".content[" + j + "].image_url.detail",
                        path + ".content[" + j + "].image_url.detail " + part.getImageUrl().getDetailValue()
                        + " is unknown: use IMAGE_DETAIL_AUTO, IMAGE_DETAIL_LOW or IMAGE_DETAIL_HIGH");
            }
            if (part.hasImageUrl() && part.getImageUrl().getUrl().isBlank()) {
                throw GatewayException.invalidArgument(path + ".content[" + j + "].image_url.url",
                        path + ".content[" + j + "].image_url.url is required");
            }
        }
        final boolean assistantWithCalls = message.getRole() == Role.ROLE_ASSISTANT && message.getToolCallsCount() > 0;
        if (message.getContentCount() == 0 && !assistantWithCalls) {
            throw GatewayException.invalidArgument(path + ".content", path + ".content must hold at least one part");
        }
        if (message.getRole() == Role.ROLE_TOOL && message.getToolCallId().isBlank()) {
            throw GatewayException.invalidArgument(path + ".tool_call_id",
                    path + ".tool_call_id is required on a tool message: the id of the call it answers");
        }
        // An answer's parsed arguments may come back with the conversation; providers get the text, but it must
        // still be JSON.
        for (int k = 0; k < message.getToolCallsCount(); k++) {
            if (message.getToolCalls(k).hasParsedArguments()) {
                JsonSchemaCheck.checkJson(message.getToolCalls(k).getParsedArguments(),
                                          path + ".tool_calls[" + k + "].parsed_arguments");
            }
        }
    }

    private static void validateResponseFormat(ResponseFormat format) {
        if (format.getType() == ResponseFormatType.UNRECOGNIZED) {
            throw GatewayException.invalidArgument("response_format.type", "response_format.type is unknown");
        }
        if (format.getType() != ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
            return;
        }
        if (!format.getJsonSchema().getName().matches("[A-Za-z0-9_-]{1,64}")) {
            throw GatewayException.invalidArgument("response_format.json_schema.name",
                    "response_format.json_schema.name is required: 1 to 64 letters, digits, underscores or dashes");
        }
        if (!format.getJsonSchema().hasSchema()) {
            throw GatewayException.invalidArgument("response_format.json_schema.schema",
                    "response_format.json_schema.schema is required with RESPONSE_FORMAT_TYPE_JSON_SCHEMA");
        }
        JsonSchemaCheck.check(format.getJsonSchema().getSchema(), "response_format.json_schema.schema");
    }

    private static void validateSampling(ChatRequest request) {
        if (request.hasTemperature()) {
            requireWithin("temperature", request.getTemperature(), 0, 2);
        }
        if (request.hasTopP()) {
            requireWithin("top_p", request.getTopP(), 0, 1);
        }
        if (request.hasPresencePenalty()) {
            requireWithin("presence_penalty", request.getPresencePenalty(), -2, 2);
        }
        if (request.hasFrequencyPenalty()) {
            requireWithin("frequency_penalty", request.getFrequencyPenalty(), -2, 2);
        }
        if (request.hasMaxTokens() && request.getMaxTokens() < 1) {
            throw GatewayException.invalidArgument("max_tokens", "max_tokens must be at least 1");
        }
        if (request.hasN() && (request.getN() < 1 || request.getN() > MAX_ALTERNATIVES)) {
            throw GatewayException.invalidArgument("n", "n must be between 1 and " + MAX_ALTERNATIVES);
        }
        if (request.hasTopLogprobs()) {
            if (request.getTopLogprobs() < 0 || request.getTopLogprobs() > MAX_TOP_LOGPROBS) {
                throw GatewayException.invalidArgument("top_logprobs", "top_logprobs must be between 0 and "
                                                                       + MAX_TOP_LOGPROBS);
            }
            if (!request.getLogprobs()) {
                throw GatewayException.invalidArgument("top_logprobs", "top_logprobs needs logprobs: true");
            }
        }
        if (request.getWebSearchOptions().hasUserLocation()) {
            JsonSchemaCheck.checkJson(request.getWebSearchOptions().getUserLocation(),
                                      "web_search_options.user_location");
        }
        final String searchSize = request.getWebSearchOptions().getSearchContextSize();
        if (!searchSize.isEmpty() && !searchSize.equals("low") && !searchSize.equals("medium")
            && !searchSize.equals("high")) {
            throw GatewayException.invalidArgument("web_search_options.search_context_size", "web_search_options."
                    + "search_context_size must be low, medium or high, not '" + searchSize + '\'');
        }
        if (request.getStopCount() > MAX_STOP_SEQUENCES) {
            throw GatewayException.invalidArgument("stop", "stop takes at most " + MAX_STOP_SEQUENCES + " sequences");
        }
    }

    private static void requireWithin(String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw GatewayException.invalidArgument(field, field + " must be between " + min + " and " + max
                                                          + ", not " + value);
        }
    }
}
