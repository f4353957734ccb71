package dev.llmg.internal.providers.bedrock;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.json.StructJson;
import dev.llmg.spi.GatewayException;

/**
 * Turns a canonical {@link ChatRequest} into the JSON body of Bedrock's {@code Converse} and
 * {@code ConverseStream} (the two take the same body).
 *
 * <p>System and developer messages become {@code system} text blocks; user and assistant turns become
 * {@code messages} of content blocks; tool calls become {@code toolUse} blocks and tool results
 * {@code toolResult} blocks of a user turn; consecutive turns of the same role are merged, as Bedrock wants
 * roles to alternate, so that the results of parallel calls travel together; empty text parts and turns left
 * empty (which Bedrock refuses) are left out. Sampling goes in
 * {@code inferenceConfig} (always sent, empty when nothing is set), tools in {@code toolConfig}, and a JSON
 * schema for the answer in {@code outputConfig.textFormat} with the schema as a string, as the API defines it.
 *
 * <p>A cache hint on a part or a tool becomes a {@code cachePoint} block right after the block it ends (in
 * {@code system}, a turn's {@code content} or {@code toolConfig.tools}); Converse's cache points take no time to
 * live, so a hint's {@code ttl} is not sent (Bedrock keeps entries for its default five minutes). Reasoning asked
 * for goes in {@code additionalModelRequestFields} ({@link BedrockReasoning}), and an assistant turn's reasoning
 * blocks go back first in its content as {@code reasoningContent}, signed as Bedrock returned them. Bedrock has
 * no seed or penalties in Converse; they are left out, as for Anthropic.
 */
final class BedrockRequestMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BedrockRequestMapper() {}

    /** Builds the body. */
    static ObjectNode toJson(ChatRequest request) {
        if (request.hasN() && request.getN() > 1) {
            throw GatewayException.invalidArgument("n", "Bedrock answers with one choice; leave n unset");
        }
        final ObjectNode body = NODES.objectNode();
        final ArrayNode messages = body.putArray("messages");
        final ArrayNode system = NODES.arrayNode();
        String lastRole = null;
        ArrayNode lastBlocks = null;
        boolean toolsInHistory = false;
        for (int i = 0; i < request.getMessagesCount(); i++) {
            final Message message = request.getMessages(i);
            final String path = "messages[" + i + ']';
            if (message.getRole() == Role.ROLE_SYSTEM || message.getRole() == Role.ROLE_DEVELOPER) {
                putSystem(system, message, path);
                continue;
            }
            toolsInHistory |= message.getRole() == Role.ROLE_TOOL || message.getToolCallsCount() > 0;
            final String role = role(message, path);
            final ArrayNode blocks = blocks(message, path);
            if (blocks.isEmpty()) {
                continue; // Bedrock refuses empty turns, e.g. an earlier answer cut off before any text
            }
            if (role.equals(lastRole)) {
                lastBlocks.addAll(blocks);
            } else {
                lastRole = role;
                lastBlocks = blocks;
                messages.addObject().put("role", role).set("content", blocks);
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        body.set("inferenceConfig", inferenceConfig(request));
        putTools(body, request, toolsInHistory);
        putOutputConfig(body, request);
        BedrockReasoning.put(body, request);
        return body;
    }

    /**
     * Adds a system message as one text block, cut after each part that asks for a cache so that the cache
     * point follows exactly the text it ends.
     */
    private static void putSystem(ArrayNode system, Message message, String path) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.getContentCount(); i++) {
            final ContentPart part = message.getContent(i);
            if (!part.hasText()) {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "Bedrock takes only text in system messages");
            }
            text.append(part.getText());
            if (part.hasCacheControl()) {
                if (text.length() > 0) {
                    system.addObject().put("text", text.toString());
                    text.setLength(0);
                }
                cachePoint(system);
            }
        }
        if (text.length() > 0) { // Bedrock refuses blank text blocks
            system.addObject().put("text", text.toString());
        }
    }

    /** Adds a cache point after the last block, unless there is none or it is one already. */
    private static void cachePoint(ArrayNode blocks) {
        if (!blocks.isEmpty() && !blocks.get(blocks.size() - 1).has("cachePoint")) {
            blocks.addObject().putObject("cachePoint").put("type", "default");
        }
    }

    private static ObjectNode inferenceConfig(ChatRequest request) {
        final ObjectNode config = NODES.objectNode();
        if (request.hasMaxTokens()) {
            config.put("maxTokens", request.getMaxTokens());
        }
        if (request.hasTemperature()) {
            config.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            config.put("topP", request.getTopP());
        }
        if (request.getStopCount() > 0) {
            final ArrayNode stop = config.putArray("stopSequences");
            request.getStopList().forEach(stop::add);
        }
        return config;
    }

    private static void putTools(ObjectNode body, ChatRequest request, boolean toolsInHistory) {
        final boolean none = request.hasToolChoice()
                             && request.getToolChoice().getMode() == ToolChoiceMode.TOOL_CHOICE_MODE_NONE;
        // Bedrock has no "none": without tools the model cannot call one, but a history with tool blocks
        // needs the tools declared, so then they stay and only the choice is left out.
        if (request.getToolsCount() == 0 || none && !toolsInHistory) {
            return;
        }
        final ObjectNode toolConfig = body.putObject("toolConfig");
        final ArrayNode tools = toolConfig.putArray("tools");
        for (int i = 0; i < request.getToolsCount(); i++) {
            final Tool tool = request.getTools(i);
            final ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", tool.getName());
            if (!tool.getDescription().isEmpty()) {
                spec.put("description", tool.getDescription());
            }
            spec.putObject("inputSchema").set("json", tool.hasParameters()
                    ? struct(tool.getParameters(), "tools[" + i + "].parameters")
                    : NODES.objectNode().put("type", "object"));
            if (tool.getStrict()) {
                spec.put("strict", true);
            }
            if (tool.hasCacheControl()) {
                cachePoint(tools);
            }
        }
        if (!request.hasToolChoice() || none) {
            return;
        }
        switch (request.getToolChoice().getChoiceCase()) {
            case MODE:
                switch (request.getToolChoice().getMode()) {
                    case TOOL_CHOICE_MODE_AUTO:
                        toolConfig.putObject("toolChoice").putObject("auto");
                        break;
                    case TOOL_CHOICE_MODE_REQUIRED:
                        toolConfig.putObject("toolChoice").putObject("any");
                        break;
                    case TOOL_CHOICE_MODE_UNSPECIFIED:
                        break;
                    default:
                        throw GatewayException.invalidArgument("tool_choice.mode", "unknown tool choice mode");
                }
                break;
            case TOOL_NAME:
                toolConfig.putObject("toolChoice").putObject("tool").put("name", request.getToolChoice().getToolName());
                break;
            default:
                break;
        }
    }

    /** A JSON schema (or, for a plain JSON object, the schema of any object) constrains the answer's text. */
    private static void putOutputConfig(ObjectNode body, ChatRequest request) {
        final ResponseFormatType type = request.getResponseFormat().getType();
        if (type != ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA
            && type != ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) {
            return;
        }
        final JsonSchema schema = request.getResponseFormat().getJsonSchema();
        final JsonNode json = type == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA && schema.hasSchema()
                              ? struct(schema.getSchema(), "response_format.json_schema.schema")
                              : NODES.objectNode().put("type", "object");
        final ObjectNode definition = NODES.objectNode().put("schema", json.toString());
        if (!schema.getName().isEmpty()) {
            definition.put("name", schema.getName());
        }
        if (!schema.getDescription().isEmpty()) {
            definition.put("description", schema.getDescription());
        }
        final ObjectNode format = body.putObject("outputConfig").putObject("textFormat").put("type", "json_schema");
        format.putObject("structure").set("jsonSchema", definition);
    }

    private static String role(Message message, String path) {
        switch (message.getRole()) {
            case ROLE_USER:
            case ROLE_TOOL: // Tool results travel in a user turn.
                return "user";
            case ROLE_ASSISTANT:
                return "assistant";
            default:
                throw GatewayException.invalidArgument(path + ".role", "a message needs a role");
        }
    }

    private static ArrayNode blocks(Message message, String path) {
        final ArrayNode blocks = NODES.arrayNode();
        if (message.getRole() == Role.ROLE_TOOL) {
            if (message.getToolCallId().isEmpty()) {
                throw GatewayException.invalidArgument(path + ".tool_call_id",
                                                       "a tool result needs the id of the call it answers");
            }
            final ObjectNode result = blocks.addObject().putObject("toolResult")
                                            .put("toolUseId", message.getToolCallId());
            result.putArray("content").addObject().put("text", text(message, path, "tool results"));
            if (message.getContentList().stream().anyMatch(ContentPart::hasCacheControl)) {
                cachePoint(blocks);
            }
            return blocks;
        }
        for (ReasoningBlock block : message.getReasoningBlocksList()) {
            // Reasoning comes first in an assistant turn, exactly as Bedrock signed it; a block without text or
            // redacted data is another provider's bare signature (Gemini's), which Bedrock cannot check.
            if (!block.getRedacted().isEmpty()) {
                blocks.addObject().putObject("reasoningContent").put("redactedContent", block.getRedacted());
            } else if (!block.getText().isEmpty()) {
                final ObjectNode text = blocks.addObject().putObject("reasoningContent").putObject("reasoningText")
                                              .put("text", block.getText());
                if (!block.getSignature().isEmpty()) {
                    text.put("signature", block.getSignature());
                }
            }
        }
        for (int i = 0; i < message.getContentCount(); i++) {
            final ContentPart part = message.getContent(i);
            if (part.hasText()) {
                if (!part.getText().isEmpty()) { // Bedrock refuses blank text blocks
                    blocks.addObject().put("text", part.getText());
                }
            } else if (part.hasImageUrl()) {
                blocks.add(image(part.getImageUrl().getUrl(), path + ".content[" + i + "].image_url.url"));
            } else {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "a content part needs text or an image_url");
            }
            if (part.hasCacheControl()) {
                cachePoint(blocks);
            }
        }
        for (int i = 0; i < message.getToolCallsCount(); i++) {
            final ToolCall call = message.getToolCalls(i);
            blocks.addObject().putObject("toolUse").put("toolUseId", call.getId()).put("name", call.getName())
                  .set("input", arguments(call.getArguments(), path + ".tool_calls[" + i + "].arguments"));
        }
        return blocks;
    }

    /** Bedrock takes images as bytes (or from S3), so only base64 data URLs of its four formats go. */
    private static ObjectNode image(String url, String path) {
        final int comma = url.indexOf(',');
        final String meta = url.startsWith("data:") && comma > 0 ? url.substring(5, comma) : "";
        if (!meta.endsWith(";base64")) {
            throw GatewayException.invalidArgument(path, "Bedrock takes images as data:image/<png|jpeg|gif|webp>;"
                                                         + "base64,<data> URLs, not links");
        }
        final String mimeType = meta.substring(0, meta.length() - ";base64".length()).toLowerCase(Locale.ROOT);
        final String format;
        switch (mimeType) {
            case "image/png":
                format = "png";
                break;
            case "image/jpeg":
            case "image/jpg":
                format = "jpeg";
                break;
            case "image/gif":
                format = "gif";
                break;
            case "image/webp":
                format = "webp";
                break;
            default:
                throw GatewayException.invalidArgument(path, "Bedrock takes png, jpeg, gif or webp images, not "
                                                             + mimeType);
        }
        final ObjectNode block = NODES.objectNode();
        block.putObject("image").put("format", format).putObject("source").put("bytes", url.substring(comma + 1));
        return block;
    }

    private static String text(Message message, String path, String what) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.getContentCount(); i++) {
            if (!message.getContent(i).hasText()) {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "Bedrock takes only text in " + what);
            }
            text.append(message.getContent(i).getText());
        }
        return text.toString();
    }

    private static JsonNode arguments(String arguments, String path) {
        if (arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            final JsonNode input = JSON.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (IOException e) {
            // Reported below.
        }
        throw GatewayException.invalidArgument(path, "Bedrock needs tool-call arguments that are a JSON object");
    }

    private static JsonNode struct(Struct struct, String path) {
        try {
            return StructJson.toJson(struct);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument(path, e.getMessage());
        }
    }
}
