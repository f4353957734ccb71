package dev.llmg.internal.providers.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.TokenEstimator;

/**
 * Decides, deterministically, what the simulator answers to a request.
 *
 * <ul>
 *   <li>With tools offered (and not forbidden), and no tool result yet: a call of the named tool, or of
 *       the first one, with arguments made up to fit its schema.</li>
 *   <li>With a JSON schema response format: JSON fitting the schema; with JSON object: {@code {"answer": ...}}.</li>
 *   <li>Otherwise: an echo of the last user message's text.</li>
 * </ul>
 * A {@code max_tokens} smaller than the answer cuts it and finishes with LENGTH, as a real model would.
 */
record SimulatedAnswer(String text, List<ToolCall> toolCalls, FinishReason finishReason, Usage usage) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "Hello from the llmg simulator.";
    private static final Pattern WORD = Pattern.compile("\\S+\\s*|\\s+");

    /**
     * Works out the answer to {@code request}; throws an INVALID_ARGUMENT {@code GatewayException} when a schema
     * asks for more JSON than the simulator writes ({@link SchemaExample#MAX_LENGTH}).
     */
    static SimulatedAnswer to(ChatRequest request) {
        final String echo = lastUserText(request);
        final List<ToolCall> toolCalls = toolCalls(request, echo);
        String text = toolCalls.isEmpty() ? content(request, echo) : "";
        FinishReason finish = toolCalls.isEmpty() ? FinishReason.FINISH_REASON_STOP
                                                  : FinishReason.FINISH_REASON_TOOL_CALLS;
        if (request.hasMaxTokens() && TokenEstimator.ofText(text) > request.getMaxTokens()) {
            text = text.substring(0, Math.min(text.length(), request.getMaxTokens() * 4));
            finish = FinishReason.FINISH_REASON_LENGTH;
        }
        int output = TokenEstimator.ofText(text);
        for (ToolCall call : toolCalls) {
            output += TokenEstimator.ofText(call.getName()) + TokenEstimator.ofText(call.getArguments());
        }
        final int input = TokenEstimator.ofPrompt(request);
        final Usage usage = Usage.newBuilder().setInputTokens(input).setOutputTokens(output)
                                 .setTotalTokens(input + output).build();
        return new SimulatedAnswer(text, toolCalls, finish, usage);
    }

    /** Splits the text into the pieces a stream sends: a word with its trailing space each. */
    List<String> textPieces() {
        final List<String> pieces = new ArrayList<>();
        final Matcher m = WORD.matcher(text);
        while (m.find()) {
            pieces.add(m.group());
        }
        return pieces;
    }

    private static String lastUserText(ChatRequest request) {
        for (int i = request.getMessagesCount() - 1; i >= 0; i--) {
            final Message message = request.getMessages(i);
            if (message.getRole() == Role.ROLE_USER) {
                final StringBuilder text = new StringBuilder();
                for (ContentPart part : message.getContentList()) {
                    if (part.hasText()) {
                        text.append(text.length() == 0 ? "" : "\n").append(part.getText());
                    }
                }
                return text.length() == 0 ? GREETING : text.toString();
            }
        }
        return GREETING;
    }

    private static String content(ChatRequest request, String echo) {
        final ResponseFormatType format = request.getResponseFormat().getType();
        if (format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
            return SchemaExample.of(request.getResponseFormat().getJsonSchema().getSchema(), echo,
                                    "response_format.json_schema.schema");
        }
        if (format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) {
            return write(JSON.createObjectNode().put("answer", echo));
        }
        return echo;
    }

    private static List<ToolCall> toolCalls(ChatRequest request, String echo) {
        final boolean answered = request.getMessagesCount() > 0
                                 && request.getMessages(request.getMessagesCount() - 1).getRole() == Role.ROLE_TOOL;
        if (request.getToolsCount() == 0 || answered
            || request.getToolChoice().getMode() == ToolChoiceMode.TOOL_CHOICE_MODE_NONE) {
            return List.of();
        }
        int index = 0;
        if (request.getToolChoice().hasToolName()) {
            for (int i = 0; i < request.getToolsCount(); i++) {
                if (request.getTools(i).getName().equals(request.getToolChoice().getToolName())) {
                    index = i;
                }
            }
        }
        final Tool tool = request.getTools(index);
        final String arguments = SchemaExample.of(tool.getParameters(), echo, "tools[" + index + "].parameters");
        return List.of(ToolCall.newBuilder().setId("call_sim_" + Integer.toHexString(arguments.hashCode()))
                               .setName(tool.getName()).setArguments(arguments).build());
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
