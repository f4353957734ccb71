package dev.llmg.cmd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.Tool;

/**
 * Writes a native chat request as the OpenAI Java SDK's parameters, for {@link FrontDoor}'s {@code /v1} doors:
 * system and user text typed, and the response format, tools and structured output options (the {@code llmg}
 * extension) as extra body fields, in OpenAI's JSON.
 */
final class OpenAiParams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiParams() {}

    /** Returns {@code request} for the SDK: its text messages, and what the SDK need not know as raw JSON. */
    static ChatCompletionCreateParams of(ChatRequest request) {
        final ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                                                                                    .model(request.getModel());
        for (dev.llmg.api.gateway.v1.Message message : request.getMessagesList()) {
            final StringBuilder text = new StringBuilder();
            message.getContentList().forEach(part -> text.append(part.getText()));
            switch (message.getRole()) {
                case ROLE_SYSTEM -> params.addSystemMessage(text.toString());
                case ROLE_USER -> params.addUserMessage(text.toString());
                default -> throw new IllegalArgumentException("no SDK mapping here for " + message.getRole());
            }
        }
        final Map<String, JsonValue> extra = new HashMap<>();
        if (request.hasResponseFormat()) {
            final Map<String, Object> format = new HashMap<>();
            switch (request.getResponseFormat().getType()) {
                case RESPONSE_FORMAT_TYPE_JSON_OBJECT -> format.put("type", "json_object");
                case RESPONSE_FORMAT_TYPE_JSON_SCHEMA -> {
                    final JsonSchema schema = request.getResponseFormat().getJsonSchema();
                    format.put("type", "json_schema");
                    format.put("json_schema", Map.of("name", schema.getName(), "strict", schema.getStrict(),
                                                     "schema", plain(schema.getSchema())));
                }
                default -> format.put("type", "text");
            }
            extra.put("response_format", JsonValue.from(format));
        }
        if (request.getToolsCount() > 0) {
            final List<Object> tools = new ArrayList<>();
            for (Tool tool : request.getToolsList()) {
                tools.add(Map.of("type", "function", "function",
                                 Map.of("name", tool.getName(), "parameters", plain(tool.getParameters()))));
            }
            extra.put("tools", JsonValue.from(tools));
        }
        if (request.hasStructuredOutput()) {
            final StructuredOutputOptions options = request.getStructuredOutput();
            final Map<String, Object> structured = new HashMap<>();
            if (options.getPolicy() != StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_UNSPECIFIED) {
                structured.put("policy", options.getPolicy().name()
                                                .substring("STRUCTURED_OUTPUT_POLICY_".length()).toLowerCase());
            }
            if (options.hasMaxRetries()) {
                structured.put("max_retries", options.getMaxRetries());
            }
            if (options.hasPartial()) {
                structured.put("partial", options.getPartial());
            }
            extra.put("llmg", JsonValue.from(Map.of("structured_output", structured)));
        }
        return params.additionalBodyProperties(extra).build();
    }

    /** Returns {@code message} as plain maps and lists, as its JSON reads. */
    private static Object plain(Message message) {
        try {
            return JSON.readValue(JsonFormat.printer().print(message), Object.class);
        } catch (JsonProcessingException | InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
