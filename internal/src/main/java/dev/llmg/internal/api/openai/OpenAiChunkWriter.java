package dev.llmg.internal.api.openai;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.openai.OpenAiAnnotations;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.internal.openai.OpenAiLogprobs;

/**
 * Writes canonical stream pieces as OpenAI's {@code chat.completion.chunk} objects, one piece at a time.
 *
 * <p>It keeps what OpenAI's stream looks like: the first delta of each choice carries {@code role} (added
 * here if the provider's first piece had none), a tool call's first fragment carries its {@code id},
 * {@code type} and name and later fragments only {@code index} and more arguments, and the last, usage-only
 * chunk has {@code "choices": []} and is sent only when the caller asked with
 * {@code stream_options.include_usage}; it also carries llmg's metadata. The values llmg parsed from a structured
 * answer ride along on each choice ({@link LlmgValuesJson}). One writer serves one stream.
 */
final class OpenAiChunkWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final boolean includeUsage;
    private final boolean legacyFunctions;
    private final Set<Integer> startedChoices = new HashSet<>();

    /** Creates a writer for one stream. */
    OpenAiChunkWriter(boolean includeUsage, boolean legacyFunctions) {
        this.includeUsage = includeUsage;
        this.legacyFunctions = legacyFunctions;
    }

    /** Returns the chunk for {@code piece}, or null when OpenAI would send nothing for it. */
    ObjectNode write(StreamChatCompletionResponse piece) {
        if (piece.getChoicesCount() == 0) {
            if (!includeUsage || !piece.hasUsage() && !piece.hasGateway()) {
                return null;
            }
            final ObjectNode last = header(piece);
            last.putArray("choices");
            if (piece.hasUsage()) {
                last.set("usage", OpenAiFields.usageJson(piece.getUsage()));
            }
            LlmgMetadataJson.put(last, piece.getGateway());
            return last;
        }
        final ObjectNode chunk = header(piece);
        final ArrayNode choices = chunk.putArray("choices");
        for (ChoiceDelta choice : piece.getChoicesList()) {
            final ObjectNode node = choices.addObject().put("index", choice.getIndex());
            node.set("delta", delta(choice.getDelta(), startedChoices.add(choice.getIndex())));
            if (choice.hasLogprobs()) {
                node.set("logprobs", OpenAiLogprobs.write(choice.getLogprobs()));
            } else {
                node.putNull("logprobs");
            }
            node.put("finish_reason", OpenAiChatResponseWriter.finishReason(choice.getFinishReason(), legacyFunctions));
            LlmgValuesJson.put(node, choice);
        }
        ProviderMetadataJson.put(chunk, piece.getProviderMetadata());
        return chunk;
    }

    private static ObjectNode header(StreamChatCompletionResponse piece) {
        return NODES.objectNode()
                    .put("id", piece.getId())
                    .put("object", "chat.completion.chunk")
                    .put("created", piece.getCreated())
                    .put("model", piece.getModel());
    }

    private ObjectNode delta(Delta delta, boolean first) {
        final ObjectNode node = NODES.objectNode();
        if (first) {
            node.put("role", "assistant"); // answers stream from the assistant, whatever the provider said
        }
        if (!delta.getContent().isEmpty() || first && delta.getToolCallsCount() == 0) {
            node.put("content", delta.getContent()); // OpenAI opens with content "" next to the role
        }
        if (!delta.getRefusal().isEmpty()) {
            node.put("refusal", delta.getRefusal());
        }
        if (!delta.getReasoning().isEmpty()) {
            node.put("reasoning_content", delta.getReasoning());
        }
        ReasoningJson.write(delta.getReasoningBlocksList(), node);
        if (delta.getAnnotationsCount() > 0) {
            node.set("annotations", OpenAiAnnotations.write(delta.getAnnotationsList()));
        }
        if (delta.getToolCallsCount() == 0) {
            return node;
        }
        if (legacyFunctions) {
            for (ToolCallDelta call : delta.getToolCallsList()) {
                if (call.getIndex() == 0) { // the legacy API knows a single call
                    node.set("function_call", function(call));
                }
            }
            return node;
        }
        final ArrayNode calls = node.putArray("tool_calls");
        for (ToolCallDelta call : delta.getToolCallsList()) {
            final ObjectNode callNode = calls.addObject().put("index", call.getIndex());
            if (!call.getId().isEmpty()) {
                callNode.put("id", call.getId()).put("type", "function");
            }
            callNode.set("function", function(call));
            ReasoningJson.writeCallSignature(call.getSignature(), callNode);
        }
        return node;
    }

    private static ObjectNode function(ToolCallDelta call) {
        final ObjectNode function = NODES.objectNode();
        if (!call.getName().isEmpty()) {
            function.put("name", call.getName());
        }
        return function.put("arguments", call.getArguments());
    }
}
