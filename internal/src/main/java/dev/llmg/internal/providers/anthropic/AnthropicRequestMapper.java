package dev.llmg.internal.providers.anthropic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.providers.ReasoningRequest;
import dev.llmg.internal.providers.json.StructJson;
import dev.llmg.spi.GatewayException;

/**
 * Turns a canonical {@link ChatRequest} into the JSON body of Anthropic's {@code POST /messages}.
 *
 * <p>System and developer messages become the top-level {@code system} (text blocks when a part asks for a
 * prompt cache); reasoning asked for becomes {@code thinking} with a budget, and an assistant turn's signed reasoning
 * blocks go back first in its content; cache hints become {@code cache_control} marks on the blocks and tools they
 * end; tool results become {@code tool_result} blocks of a user turn; consecutive turns of the same role are
 * merged, as the API requires alternating roles. A JSON response format becomes a forced tool whose input is the answer
 * ({@link StructuredAnswer}), since the Messages API has no response format of its own.
 */
final class AnthropicRequestMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CACHE_CONTROL = "cache_control";
    /** Anthropic's smallest thinking budget. */
    private static final int MIN_THINKING_BUDGET = 1024;

    private final int defaultMaxTokens;

    AnthropicRequestMapper(int defaultMaxTokens) {
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** Builds the body; {@code answerTool} names the structured-answer tool, or is null for none. */
    ObjectNode toJson(ChatRequest request, String answerTool, boolean stream) {
        if (request.hasN() && request.getN() > 1) {
            throw GatewayException.invalidArgument("n", "Anthropic models answer with one choice; leave n unset");
        }
        final ObjectNode body = NODES.objectNode().put("model", request.getModel());
        final List<Message> system = new ArrayList<>();
        final ArrayNode messages = body.putArray("messages");
        String lastRole = null;
        ArrayNode lastBlocks = null;
        for (int i = 0; i < request.getMessagesCount(); i++) {
            final Message message = request.getMessages(i);
            final String path = "messages[" + i + ']';
            if (message.getRole() == Role.ROLE_SYSTEM || message.getRole() == Role.ROLE_DEVELOPER) {
                system.add(message);
                continue;
            }
            final String role = role(message, path);
            final ArrayNode blocks = blocks(message, path);
            if (role.equals(lastRole)) {
                lastBlocks.addAll(blocks); // The API wants user and assistant turns to alternate.
            } else {
                lastRole = role;
                lastBlocks = blocks;
                messages.addObject().put("role", role).set("content", blocks);
            }
        }
        for (JsonNode turn : messages) {
            final JsonNode blocks = turn.get("content");
            if (blocks.size() == 1 && "text".equals(blocks.get(0).path("type").asText())
                && !blocks.get(0).has(CACHE_CONTROL)) {
                ((ObjectNode) turn).put("content", blocks.get(0).get("text").asText()); // The short form.
            }
        }
        putSystem(body, system);
        putMaxTokensAndThinking(body, request);
        if (request.hasTemperature()) {
            body.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            body.put("top_p", request.getTopP());
        }
        if (request.getStopCount() > 0) {
            final ArrayNode stop = body.putArray("stop_sequences");
            request.getStopList().forEach(stop::add);
        }
        if (!request.getUser().isEmpty()) {
            body.putObject("metadata").put("user_id", request.getUser());
        }
        putTools(body, request, answerTool);
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    /**
     * Puts {@code max_tokens} and, when the request asks for reasoning, {@code thinking} with its budget, which
     * Anthropic counts within {@code max_tokens}: without a maximum of the caller's, the budget is added to the
     * default so that the answer keeps its room.
     */
    private void putMaxTokensAndThinking(ObjectNode body, ChatRequest request) {
        final OptionalInt budget = ReasoningRequest.budget(request);
        if (budget.isEmpty()) {
            body.put("max_tokens", request.hasMaxTokens() ? request.getMaxTokens() : defaultMaxTokens);
            return;
        }
        if (budget.getAsInt() < MIN_THINKING_BUDGET) {
            throw GatewayException.invalidArgument("reasoning.budget_tokens", "Anthropic models think with at least "
                    + MIN_THINKING_BUDGET + " tokens; ask for " + MIN_THINKING_BUDGET + " or more");
        }
        if (request.hasMaxTokens() && request.getMaxTokens() <= budget.getAsInt()) {
            throw GatewayException.invalidArgument("max_tokens", "max_tokens (" + request.getMaxTokens()
                    + ") must be larger than the reasoning budget (" + budget.getAsInt() + "): Anthropic counts "
                    + "thinking within max_tokens");
        }
        body.put("max_tokens", request.hasMaxTokens() ? request.getMaxTokens() : defaultMaxTokens + budget.getAsInt());
        body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget.getAsInt());
    }

    /**
     * Puts the system and developer messages as one text, or, when any of their parts asks for a cache, as text
     * blocks (one per part) so that the cache marks stay where the caller put them.
     */
    private static void putSystem(ObjectNode body, List<Message> system) {
        if (system.isEmpty()) {
            return;
        }
        final boolean cached = system.stream().flatMap(message -> message.getContentList().stream())
                                     .anyMatch(ContentPart::hasCacheControl);
        if (!cached) {
            final List<String> texts = new ArrayList<>(system.size());
            system.forEach(message -> texts.add(text(message, "system")));
            body.put("system", String.join("\n\n", texts));
            return;
        }
        final ArrayNode blocks = body.putArray("system");
        for (Message message : system) {
            for (int i = 0; i < message.getContentCount(); i++) {
                final ContentPart part = message.getContent(i);
                if (!part.hasText()) {
                    throw GatewayException.invalidArgument("messages", "Anthropic takes only text in system messages");
                }
                cache(blocks.addObject().put("type", "text").put("text", part.getText()), part.hasCacheControl(),
                      part.getCacheControl());
            }
        }
    }

    /** Marks {@code block} as the end of a prefix to cache, when the canonical request asked for it. */
    private static ObjectNode cache(ObjectNode block, boolean asked, CacheControl control) {
        if (asked) {
            final ObjectNode mark = block.putObject(CACHE_CONTROL).put("type", "ephemeral");
            if (!control.getTtl().isEmpty()) {
                mark.put("ttl", control.getTtl());
            }
        }
        return block;
    }

    private static void putTools(ObjectNode body, ChatRequest request, String answerTool) {
        if (request.getToolsCount() == 0 && answerTool == null) {
            return;
        }
        final ArrayNode tools = body.putArray("tools");
        for (int i = 0; i < request.getToolsCount(); i++) {
            final Tool tool = request.getTools(i);
            final ObjectNode node = tools.addObject().put("name", tool.getName());
            if (!tool.getDescription().isEmpty()) {
                node.put("description", tool.getDescription());
            }
            node.set("input_schema", tool.hasParameters() ? struct(tool.getParameters(), "tools[" + i + "].parameters")
                                                          : NODES.objectNode().put("type", "object"));
            cache(node, tool.hasCacheControl(), tool.getCacheControl());
        }
        ObjectNode choice = null;
        if (answerTool != null) {
            final boolean schema = request.getResponseFormat().getType() != ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT
                                   && request.getResponseFormat().getJsonSchema().hasSchema();
            final ObjectNode node = tools.addObject().put("name", answerTool)
                                         .put("description", StructuredAnswer.description(request));
            node.set("input_schema", schema ? struct(request.getResponseFormat().getJsonSchema().getSchema(),
                                                     "response_format.json_schema.schema")
                                            : NODES.objectNode().put("type", "object"));
            // With tools of its own the model may still call them; otherwise it must answer through the tool.
            choice = request.getToolsCount() == 0 ? NODES.objectNode().put("type", "tool").put("name", answerTool)
                                                  : NODES.objectNode().put("type", "any");
        } else if (request.hasToolChoice()) {
            switch (request.getToolChoice().getChoiceCase()) {
                case MODE:
                    switch (request.getToolChoice().getMode()) {
                        case TOOL_CHOICE_MODE_AUTO:
                            choice = NODES.objectNode().put("type", "auto");
                            break;
                        case TOOL_CHOICE_MODE_REQUIRED:
                            choice = NODES.objectNode().put("type", "any");
                            break;
                        case TOOL_CHOICE_MODE_NONE:
                            choice = NODES.objectNode().put("type", "none");
                            break;
                        case TOOL_CHOICE_MODE_UNSPECIFIED:
                            break;
                        default:
                            throw GatewayException.invalidArgument("tool_choice.mode", "unknown tool choice mode");
                    }
                    break;
                case TOOL_NAME:
                    choice = NODES.objectNode().put("type", "tool").put("name", request.getToolChoice().getToolName());
                    break;
                default:
                    break;
            }
        }
        if (request.hasParallelToolCalls() && !(choice != null && "none".equals(choice.get("type").asText()))) {
            if (choice == null) {
                choice = NODES.objectNode().put("type", "auto");
            }
            choice.put("disable_parallel_tool_use", !request.getParallelToolCalls());
        }
        if (choice != null) {
            body.set("tool_choice", choice);
        }
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
            final ContentPart cached = message.getContentList().stream().filter(ContentPart::hasCacheControl)
                                              .findFirst().orElse(null);
            cache(blocks.addObject().put("type", "tool_result").put("tool_use_id", message.getToolCallId())
                        .put("content", text(message, path)), cached != null,
                  cached == null ? null : cached.getCacheControl());
            return blocks;
        }
        for (ReasoningBlock block : message.getReasoningBlocksList()) {
            // Thinking comes first in an assistant turn, exactly as Anthropic signed it; a block without text or
            // redacted data is another provider's bare signature (Gemini's), which Anthropic cannot check.
            if (!block.getRedacted().isEmpty()) {
                blocks.addObject().put("type", "redacted_thinking").put("data", block.getRedacted());
            } else if (!block.getText().isEmpty()) {
                blocks.addObject().put("type", "thinking").put("thinking", block.getText())
                      .put("signature", block.getSignature());
            }
        }
        for (int i = 0; i < message.getContentCount(); i++) {
            final ContentPart part = message.getContent(i);
            if (part.hasText()) {
                cache(blocks.addObject().put("type", "text").put("text", part.getText()), part.hasCacheControl(),
                      part.getCacheControl());
            } else if (part.hasImageUrl()) {
                blocks.add(cache(ImageBlocks.of(part.getImageUrl().getUrl(), path + ".content[" + i + ']'),
                                 part.hasCacheControl(), part.getCacheControl()));
            } else {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "a content part needs text or an image_url");
            }
        }
        for (int i = 0; i < message.getToolCallsCount(); i++) {
            final ToolCall call = message.getToolCalls(i);
            blocks.addObject().put("type", "tool_use").put("id", call.getId()).put("name", call.getName())
                  .set("input", arguments(call.getArguments(), path + ".tool_calls[" + i + "].arguments"));
        }
        return blocks;
    }

    private static String text(Message message, String path) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.getContentCount(); i++) {
            if (!message.getContent(i).hasText()) {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "Anthropic takes only text in system messages and tool results");
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
        throw GatewayException.invalidArgument(path, "Anthropic needs tool-call arguments that are a JSON object");
    }

    private static JsonNode struct(Struct struct, String path) {
        try {
            return StructJson.toJson(struct);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument(path, e.getMessage());
        }
    }
}
