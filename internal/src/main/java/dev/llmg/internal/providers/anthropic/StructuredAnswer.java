package dev.llmg.internal.providers.anthropic;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Tool;

/**
 * Honours a JSON response format on the Messages API, which has none: the request offers one more tool whose
 * input schema is the wanted answer, and the model's call of that tool comes back as the message content.
 */
final class StructuredAnswer {

    private static final String DEFAULT_NAME = "json_answer";

    private StructuredAnswer() {}

    /** Returns the name of the answer tool the request needs, or null when it asks for free text. */
    static String toolName(ChatRequest request) {
        if (!request.hasResponseFormat()) {
            return null;
        }
        final ResponseFormatType type = request.getResponseFormat().getType();
        final boolean schema = type == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA
                               || type == ResponseFormatType.RESPONSE_FORMAT_TYPE_UNSPECIFIED
                                  && request.getResponseFormat().hasJsonSchema();
        if (!schema && type != ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) {
            return null;
        }
        String name = schema ? request.getResponseFormat().getJsonSchema().getName() : "";
        if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
            name = DEFAULT_NAME;
        }
        for (Tool tool : request.getToolsList()) {
            if (tool.getName().equals(name)) {
                name = "llmg_" + name; // Never shadow a tool of the caller's.
            }
        }
        return name;
    }

    /** Describes the answer tool to the model. */
    static String description(ChatRequest request) {
        final String purpose = request.getResponseFormat().getJsonSchema().getDescription();
        return "Give your final answer by calling this tool; its input is the answer."
               + (purpose.isEmpty() ? "" : ' ' + purpose);
    }
}
