package dev.llmg.internal.providers.openai;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ImageUrl;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.api.gateway.v1.WebSearchOptions;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.internal.providers.ReasoningRequest;
import dev.llmg.internal.providers.json.StructJson;
import dev.llmg.spi.GatewayException;

/**
 * Turns a canonical {@link ChatRequest} into the JSON body of OpenAI's {@code POST /chat/completions}.
 *
 * <p>Only fields that the request sets are written, so that the provider's defaults apply to the rest.
 * {@code max_tokens} is sent as {@code max_completion_tokens}: OpenAI deprecated the old name and rejects it
 * on reasoning models, and current OpenAI-compatible servers (vLLM, Ollama, OpenRouter) accept the new one.
 * Booleans that the canonical model cannot tell apart from "unset" ({@code strict}) are sent only when true.
 */
final class OpenAiRequestMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean forwardMetadata;

    /** Creates a mapper; {@code forwardMetadata} sends metadata (with {@code store: true}, which it needs). */
    OpenAiRequestMapper(boolean forwardMetadata) {
        this.forwardMetadata = forwardMetadata;
    }

    /**
     * Builds the request body; {@code stream} adds {@code "stream": true} and asks for usage in the last chunk.
     *
     * @throws GatewayException if the request holds something OpenAI cannot express, naming the field
     */
    ObjectNode toJson(ChatRequest request, boolean stream) {
        final ObjectNode body = NODES.objectNode();
        body.put("model", request.getModel());
        final ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < request.getMessagesCount(); i++) {
            messages.add(message(request.getMessages(i), "messages[" + i + ']'));
        }
        if (request.getToolsCount() > 0) {
            final ArrayNode tools = body.putArray("tools");
            for (int i = 0; i < request.getToolsCount(); i++) {
                tools.add(tool(request.getTools(i), "tools[" + i + ']'));
            }
        }
        if (request.hasToolChoice()) {
            putToolChoice(body, request.getToolChoice());
        }
        if (request.hasResponseFormat()) {
            putResponseFormat(body, request.getResponseFormat());
        }
        if (request.hasTemperature()) {
            body.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            body.put("top_p", request.getTopP());
        }
        if (request.hasMaxTokens()) {
            body.put("max_completion_tokens", request.getMaxTokens());
        }
        if (request.getStopCount() > 0) {
            final ArrayNode stop = body.putArray("stop");
            request.getStopList().forEach(stop::add);
        }
        if (request.hasSeed()) {
            body.put("seed", request.getSeed());
        }
        if (request.hasN()) {
            body.put("n", request.getN());
        }
        if (request.hasPresencePenalty()) {
            body.put("presence_penalty", request.getPresencePenalty());
        }
        if (request.hasFrequencyPenalty()) {
            body.put("frequency_penalty", request.getFrequencyPenalty());
        }
        if (request.hasParallelToolCalls()) {
            body.put("parallel_tool_calls", request.getParallelToolCalls());
        }
        if (!request.getUser().isEmpty()) {
            body.put("user", request.getUser());
        }
        ReasoningRequest.effort(request).ifPresent(effort -> body.put("reasoning_effort", effort));
        if (request.hasLogprobs()) {
            body.put("logprobs", request.getLogprobs());
        }
        if (request.hasTopLogprobs()) {
            body.put("top_logprobs", request.getTopLogprobs());
        }
        if (request.hasWebSearchOptions()) {
            final ObjectNode search = body.putObject("web_search_options");
            final WebSearchOptions options = request.getWebSearchOptions();
            if (!options.getSearchContextSize().isEmpty()) {
                search.put("search_context_size", options.getSearchContextSize());
            }
            if (options.hasUserLocation()) {
                search.set("user_location", StructJson.toJson(options.getUserLocation()));
            }
        }
        if (forwardMetadata && request.getMetadataCount() > 0) {
            body.put("store", true);
            final ObjectNode metadata = body.putObject("metadata");
            request.getMetadataMap().forEach(metadata::put);
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static ObjectNode message(Message message, String path) {
        final ObjectNode node = NODES.objectNode();
        final String role = role(message, path);
        node.put("role", role);
        final boolean assistant = "assistant".equals(role);
        if (message.getContentCount() > 0) {
            node.set("content", content(message.getContentList(), path));
        } else if (!assistant || message.getToolCallsCount() == 0 && message.getRefusal().isEmpty()) {
            // OpenAI requires content everywhere except on an assistant turn that called tools or refused.
            node.put("content", "");
        }
        if (!message.getName().isEmpty() && !"tool".equals(role)) {
            node.put("name", message.getName());
        }
        if (message.getToolCallsCount() > 0) {
            final ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : message.getToolCallsList()) {
                final ObjectNode callNode = calls.addObject();
                callNode.put("id", call.getId());
                callNode.put("type", "function");
                callNode.putObject("function")
                        .put("name", call.getName())
                        .put("arguments", call.getArguments());
            }
        }
        if (!message.getToolCallId().isEmpty()) {
            node.put("tool_call_id", message.getToolCallId());
        }
        if (assistant && !message.getRefusal().isEmpty()) {
            node.put("refusal", message.getRefusal());
        }
        // Message.reasoning is not sent back: OpenAI has no input field for it and DeepSeek rejects one.
        return node;
    }

    private static String role(Message message, String path) {
        final String role = OpenAiFields.roleName(message.getRole());
        if (role == null) {
            throw GatewayException.invalidArgument(path + ".role", "a message needs a role");
        }
        return role;
    }

    private static JsonNode content(List<ContentPart> parts, String path) {
        if (parts.size() == 1 && parts.get(0).hasText()) {
            return NODES.textNode(parts.get(0).getText());
        }
        final ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < parts.size(); i++) {
            final ContentPart part = parts.get(i);
            final ObjectNode node = array.addObject();
            switch (part.getPartCase()) {
                case TEXT:
                    node.put("type", "text").put("text", part.getText());
                    break;
                case IMAGE_URL:
                    node.put("type", "image_url").set("image_url", imageUrl(part.getImageUrl()));
                    break;
                default:
                    throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                           "a content part needs text or an image_url");
            }
        }
        return array;
    }

    private static ObjectNode imageUrl(ImageUrl image) {
        final ObjectNode node = NODES.objectNode().put("url", image.getUrl());
        final String detail = OpenAiFields.imageDetailName(image.getDetail());
        if (detail != null) { // Unspecified: OpenAI's default (auto) applies.
            node.put("detail", detail);
        }
        return node;
    }

    private static ObjectNode tool(Tool tool, String path) {
        final ObjectNode function = NODES.objectNode().put("name", tool.getName());
        if (!tool.getDescription().isEmpty()) {
            function.put("description", tool.getDescription());
        }
        if (tool.hasParameters()) {
            function.set("parameters", struct(tool.getParameters(), path + ".parameters"));
        }
        if (tool.getStrict()) {
            function.put("strict", true);
        }
        final ObjectNode node = NODES.objectNode().put("type", "function");
        node.set("function", function);
        return node;
    }

    private static void putToolChoice(ObjectNode body, ToolChoice choice) {
        switch (choice.getChoiceCase()) {
            case MODE:
                if (choice.getMode() == ToolChoiceMode.UNRECOGNIZED) {
                    throw GatewayException.invalidArgument("tool_choice.mode", "unknown tool choice mode");
                }
                final String mode = OpenAiFields.toolChoiceModeName(choice.getMode());
                if (mode != null) {
                    body.put("tool_choice", mode);
                }
                break;
            case TOOL_NAME:
                body.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", choice.getToolName());
                break;
            default:
                break;
        }
    }

    private static void putResponseFormat(ObjectNode body, ResponseFormat format) {
        switch (format.getType()) {
            case RESPONSE_FORMAT_TYPE_TEXT:
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT:
                body.putObject("response_format").put("type", OpenAiFields.responseFormatTypeName(format.getType()));
                break;
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA:
                putJsonSchema(body, format);
                break;
            case RESPONSE_FORMAT_TYPE_UNSPECIFIED:
                if (format.hasJsonSchema()) {
                    putJsonSchema(body, format); // A schema says what the caller wants well enough.
                }
                break;
            default:
                throw GatewayException.invalidArgument("response_format.type", "unknown response format");
        }
    }

    private static void putJsonSchema(ObjectNode body, ResponseFormat format) {
        if (!format.hasJsonSchema()) {
            throw GatewayException.invalidArgument("response_format.json_schema",
                                                   "a json_schema response format needs a schema");
        }
        final ObjectNode schema = NODES.objectNode().put("name", format.getJsonSchema().getName());
        if (!format.getJsonSchema().getDescription().isEmpty()) {
            schema.put("description", format.getJsonSchema().getDescription());
        }
        if (format.getJsonSchema().hasSchema()) {
            schema.set("schema", struct(format.getJsonSchema().getSchema(),
                                        "response_format.json_schema.schema"));
        }
        if (format.getJsonSchema().getStrict()) {
            schema.put("strict", true);
        }
        body.putObject("response_format").put("type", "json_schema").set("json_schema", schema);
    }

    private static JsonNode struct(Struct struct, String path) {
        try {
            return StructJson.toJson(struct);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument(path, e.getMessage());
        }
    }
}
