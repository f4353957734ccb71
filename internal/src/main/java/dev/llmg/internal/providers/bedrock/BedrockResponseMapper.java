package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolCall;

/**
 * Turns a Converse answer into the canonical response: the text blocks of {@code output.message} become the
 * content (joined), {@code toolUse} blocks tool calls with their input as arguments, and the text of
 * {@code reasoningContent} blocks the reasoning, each also kept whole as a reasoning block (text and signature,
 * or the {@code redactedContent} as Bedrock sent it, base64) to be sent back on the next turn;
 * {@code stopReason} and {@code usage} map as in {@link BedrockFields}. Converse gives an answer no id, so the
 * request id Bedrock sent stands for it.
 */
final class BedrockResponseMapper {

    private BedrockResponseMapper() {}

    /** Maps the answer to a request for {@code model}, whose request id was {@code id}. */
    static CreateChatCompletionResponse toResponse(JsonNode body, String id, String model, long created) {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final Message.Builder message = Message.newBuilder().setRole(Role.ROLE_ASSISTANT);
        for (JsonNode block : array(object(object(body, "output"), "message"), "content")) {
            if (get(block, "text").isTextual()) {
                text.append(text(block, "text"));
            } else if (get(block, "toolUse").isObject()) {
                final JsonNode use = get(block, "toolUse");
                final JsonNode input = get(use, "input");
                message.addToolCalls(ToolCall.newBuilder().setId(text(use, "toolUseId")).setName(text(use, "name"))
                                             .setArguments(input.isObject() ? input.toString() : "{}"));
            } else if (get(block, "reasoningContent").isObject()) {
                final ReasoningBlock kept = BedrockFields.reasoningBlock(get(block, "reasoningContent"));
                reasoning.append(kept.getText());
                message.addReasoningBlocks(kept);
            }
        }
        if (text.length() > 0) {
            message.addContent(ContentPart.newBuilder().setText(text.toString()));
        }
        message.setReasoning(reasoning.toString());
        final CreateChatCompletionResponse.Builder response =
                CreateChatCompletionResponse.newBuilder().setId(id).setModel(model).setCreated(created)
                                            .addChoices(Choice.newBuilder().setIndex(0).setMessage(message)
                                                              .setFinishReason(BedrockFields.finishReason(
                                                                      text(body, "stopReason"))));
        final JsonNode usage = object(body, "usage");
        if (!usage.isMissingNode()) {
            response.setUsage(BedrockFields.usage(usage));
        }
        return response.build();
    }
}
