package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.openai.OpenAiAnnotations;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.internal.openai.OpenAiLogprobs;

/**
 * Writes a canonical answer as OpenAI's {@code chat.completion} object.
 *
 * <p>It writes what OpenAI writes, nulls included ({@code content} and {@code refusal} are null when absent,
 * {@code logprobs} is null), so that strict clients find every field they expect; reasoning a provider
 * returned goes to {@code reasoning_content}, where DeepSeek-style clients read it. For callers of the
 * deprecated functions API the first tool call becomes {@code function_call}, with finish reason
 * {@code function_call}, as OpenAI answers them.
 */
final class OpenAiChatResponseWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiChatResponseWriter() {}

    /** Returns the answer as a {@code chat.completion}, with llmg's metadata in {@code llmg}. */
    static ObjectNode write(CreateChatCompletionResponse response, boolean legacyFunctions) {
        final ObjectNode body = NODES.objectNode()
                                     .put("id", response.getId())
                                     .put("object", "chat.completion")
                                     .put("created", response.getCreated())
                                     .put("model", response.getModel());
        final ArrayNode choices = body.putArray("choices");
        for (Choice choice : response.getChoicesList()) {
            final ObjectNode node = choices.addObject().put("index", choice.getIndex());
            node.set("message", message(choice.getMessage(), legacyFunctions));
            if (choice.hasLogprobs()) {
                node.set("logprobs", OpenAiLogprobs.write(choice.getLogprobs()));
            } else {
                node.putNull("logprobs");
            }
            node.put("finish_reason", finishReason(choice.getFinishReason(), legacyFunctions));
        }
        if (response.hasUsage()) {
            body.set("usage", OpenAiFields.usageJson(response.getUsage()));
        }
        ProviderMetadataJson.put(body, response.getProviderMetadata());
        LlmgMetadataJson.put(body, response.getGateway());
        return body;
    }

    /** Names a finish reason, the legacy way ({@code function_call}) for callers of {@code functions}. */
    static String finishReason(FinishReason reason, boolean legacyFunctions) {
        return legacyFunctions && reason == FinishReason.FINISH_REASON_TOOL_CALLS
               ? "function_call" : OpenAiFields.finishReasonName(reason);
    }

    private static ObjectNode message(Message message, boolean legacyFunctions) {
        final ObjectNode node = NODES.objectNode().put("role", "assistant");
        final StringBuilder text = new StringBuilder();
        for (ContentPart part : message.getContentList()) {
            if (part.hasText()) {
                text.append(part.getText());
            }
        }
        // OpenAI's content is null when the model only called tools or refused.
        node.put("content", text.length() == 0 && (message.getToolCallsCount() > 0 || !message.getRefusal().isEmpty())
                            ? null : text.toString());
        node.put("refusal", message.getRefusal().isEmpty() ? null : message.getRefusal());
        if (!message.getReasoning().isEmpty()) {
            node.put("reasoning_content", message.getReasoning());
        }
        ReasoningJson.write(message.getReasoningBlocksList(), node);
        if (message.getAnnotationsCount() > 0) {
            node.set("annotations", OpenAiAnnotations.write(message.getAnnotationsList()));
        }
        if (message.getToolCallsCount() > 0) {
            if (legacyFunctions) {
                final ToolCall call = message.getToolCalls(0); // the legacy API knows a single call
                node.putObject("function_call").put("name", call.getName()).put("arguments", call.getArguments());
            } else {
                final ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall call : message.getToolCallsList()) {
                    final ObjectNode callNode = calls.addObject().put("id", call.getId()).put("type", "function");
                    callNode.putObject("function").put("name", call.getName()).put("arguments", call.getArguments());
                    ReasoningJson.writeCallSignature(call.getSignature(), callNode);
                }
            }
        }
        return node;
    }
}
