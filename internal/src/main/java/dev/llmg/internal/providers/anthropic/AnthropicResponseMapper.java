package dev.llmg.internal.providers.anthropic;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolCall;

/**
 * Turns a whole Anthropic {@code message} into the canonical response: text blocks become content, thinking
 * becomes reasoning (and signed reasoning blocks, redacted ones too, to be sent back), {@code tool_use} blocks
 * become tool calls with their input as JSON text, and the call of the structured-answer tool becomes the content
 * itself.
 */
final class AnthropicResponseMapper {

    private AnthropicResponseMapper() {}

    /** Maps the message; {@code answerTool} is the structured-answer tool's name, or null. */
    static CreateChatCompletionResponse toResponse(JsonNode body, String answerTool, long created) {
        final Message.Builder message = Message.newBuilder().setRole(Role.ROLE_ASSISTANT);
        boolean answered = false;
        for (JsonNode block : array(body, "content")) {
            switch (text(block, "type")) {
                case "text":
                    message.addContent(ContentPart.newBuilder().setText(text(block, "text")));
                    break;
                case "thinking":
                    message.setReasoning(message.getReasoning() + text(block, "thinking"))
                           .addReasoningBlocks(ReasoningBlock.newBuilder().setText(text(block, "thinking"))
                                                             .setSignature(text(block, "signature")));
                    break;
                case "redacted_thinking":
                    message.addReasoningBlocks(ReasoningBlock.newBuilder().setRedacted(text(block, "data")));
                    break;
                case "tool_use":
                    final String input = get(block, "input").isMissingNode() ? "{}" : get(block, "input").toString();
                    if (text(block, "name").equals(answerTool)) {
                        message.addContent(ContentPart.newBuilder().setText(input));
                        answered = true;
                    } else {
                        message.addToolCalls(ToolCall.newBuilder().setId(text(block, "id"))
                                                     .setName(text(block, "name")).setArguments(input));
                    }
                    break;
                default: // server tool results: nothing the canonical model can carry.
                    break;
            }
        }
        FinishReason finish = AnthropicFields.finishReason(text(body, "stop_reason"));
        if (answered && finish == FinishReason.FINISH_REASON_TOOL_CALLS && message.getToolCallsCount() == 0) {
            finish = FinishReason.FINISH_REASON_STOP; // The answer tool's call is the answer, not a call to run.
        }
        final CreateChatCompletionResponse.Builder response =
                CreateChatCompletionResponse.newBuilder()
                                            .setId(text(body, "id"))
                                            .setModel(text(body, "model"))
                                            .setCreated(created)
                                            .addChoices(Choice.newBuilder().setIndex(0).setMessage(message)
                                                              .setFinishReason(finish));
        final JsonNode usage = object(body, "usage");
        if (!usage.isMissingNode()) {
            response.setUsage(AnthropicFields.usage(usage));
        }
        return response.build();
    }
}
