package dev.llmg.internal.api.openai;

import static dev.llmg.internal.api.openai.StrictJson.array;
import static dev.llmg.internal.api.openai.StrictJson.integer;
import static dev.llmg.internal.api.openai.StrictJson.object;
import static dev.llmg.internal.api.openai.StrictJson.path;
import static dev.llmg.internal.api.openai.StrictJson.string;
import static dev.llmg.internal.api.openai.StrictJson.wrongType;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.ReasoningEffort;
import dev.llmg.spi.GatewayException;

/**
 * Reads and writes reasoning on {@code /v1}: OpenAI's {@code reasoning_effort}, Anthropic's {@code thinking}
 * ({@code {"type": "enabled", "budget_tokens": 2048}}, as OpenAI-compatible gateways accept it), and the
 * {@code thinking_blocks} of assistant messages (each {@code {"type": "thinking", "thinking", "signature"}} or
 * {@code {"type": "redacted_thinking", "data"}}), which a client sends back unchanged on its next turn so that a
 * model that signs its thinking can go on with a tool-use turn; and a tool call's own signature (Gemini's), under
 * {@code extra_content.google.thought_signature} as Google's OpenAI-compatible API writes it.
 */
final class ReasoningJson {

    /** The assistant message's field with the signed blocks. */
    static final String BLOCKS = "thinking_blocks";

    private static final String EFFORTS = "minimal, low, medium or high";

    private ReasoningJson() {}

    /** Reads {@code reasoning_effort} and {@code thinking} from the body; throws naming a bad field. */
    static void readConfig(JsonNode body, ChatRequest.Builder chat) {
        final ReasoningConfig.Builder reasoning = ReasoningConfig.newBuilder();
        final String effort = string(body, "reasoning_effort", "");
        if (effort != null) {
            reasoning.setEffort(effort(effort));
        }
        final ObjectNode thinking = object(body, "thinking", "");
        if (thinking != null) {
            final String type = string(thinking, "type", "thinking");
            if ("enabled".equals(type)) {
                final Integer budget = integer(thinking, "budget_tokens", "thinking");
                if (budget == null || budget <= 0) {
                    throw GatewayException.invalidArgument("thinking.budget_tokens", "thinking.budget_tokens is "
                            + "required with type enabled: a positive number of tokens");
                }
                reasoning.setBudgetTokens(budget);
            } else if (!"disabled".equals(type)) {
                throw GatewayException.invalidArgument("thinking.type", "thinking.type must be enabled or "
                        + "disabled" + (type == null ? "" : ", not '" + type + '\''));
            }
        }
        if (reasoning.hasBudgetTokens() || reasoning.getEffort() != ReasoningEffort.REASONING_EFFORT_UNSPECIFIED) {
            chat.setReasoning(reasoning);
        }
    }

    /** Reads an assistant message's {@code reasoning_content} and {@code thinking_blocks}. */
    static void readMessage(JsonNode node, String path, Message.Builder message) {
        final String text = string(node, "reasoning_content", path);
        if (text != null) {
            message.setReasoning(text);
        }
        final ArrayNode blocks = array(node, BLOCKS, path);
        if (blocks == null) {
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            final String at = path(path, BLOCKS) + '[' + i + ']';
            final JsonNode block = blocks.get(i);
            if (!block.isObject()) {
                throw wrongType(at, "an object such as {\"type\": \"thinking\", \"thinking\": \"...\", "
                                    + "\"signature\": \"...\"}", block);
            }
            final String type = string(block, "type", at);
            if ("thinking".equals(type)) {
                message.addReasoningBlocks(ReasoningBlock.newBuilder().setText(orEmpty(string(block, "thinking", at)))
                                                         .setSignature(orEmpty(string(block, "signature", at))));
            } else if ("redacted_thinking".equals(type)) {
                message.addReasoningBlocks(ReasoningBlock.newBuilder().setRedacted(orEmpty(string(block, "data", at))));
            } else {
                throw GatewayException.invalidArgument(path(at, "type"), path(at, "type") + " must be thinking or "
                        + "redacted_thinking" + (type == null ? "" : ", not '" + type + '\''));
            }
        }
    }

    /** Writes the blocks as {@code thinking_blocks} on a message or a delta, when there are any. */
    static void write(List<ReasoningBlock> blocks, ObjectNode node) {
        if (blocks.isEmpty()) {
            return;
        }
        final ArrayNode array = node.putArray(BLOCKS);
        for (ReasoningBlock block : blocks) {
            if (!block.getRedacted().isEmpty()) {
                array.addObject().put("type", "redacted_thinking").put("data", block.getRedacted());
            } else {
                array.addObject().put("type", "thinking").put("thinking", block.getText())
                     .put("signature", block.getSignature());
            }
        }
    }

    /**
     * Writes a tool call's signature where Google's OpenAI-compatible API puts Gemini's thought signature,
     * {@code extra_content.google.thought_signature}, so that clients written for it send it back.
     */
    static void writeCallSignature(String signature, ObjectNode call) {
        if (!signature.isEmpty()) {
            call.putObject("extra_content").putObject("google").put("thought_signature", signature);
        }
    }

    /** Reads a tool call's signature from {@code extra_content.google.thought_signature}; empty when absent. */
    static String readCallSignature(JsonNode call, String path) {
        final ObjectNode extra = object(call, "extra_content", path);
        final ObjectNode google = extra == null ? null : object(extra, "google", path(path, "extra_content"));
        final String signature = google == null ? null
                : string(google, "thought_signature", path(path, "extra_content.google"));
        return orEmpty(signature);
    }

    private static ReasoningEffort effort(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "minimal":
                return ReasoningEffort.REASONING_EFFORT_MINIMAL;
            case "low":
                return ReasoningEffort.REASONING_EFFORT_LOW;
            case "medium":
                return ReasoningEffort.REASONING_EFFORT_MEDIUM;
            case "high":
                return ReasoningEffort.REASONING_EFFORT_HIGH;
            default:
                throw GatewayException.invalidArgument("reasoning_effort", "reasoning_effort must be " + EFFORTS
                                                                           + ", not '" + name + '\'');
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
