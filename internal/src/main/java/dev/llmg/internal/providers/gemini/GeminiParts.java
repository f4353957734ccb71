package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.object;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.providers.json.LenientJson;

/**
 * What one candidate's {@code content.parts} say: answer text, thought summaries ({@code thought: true})
 * and function calls, whose arguments become JSON text.
 *
 * @param text the answer's text parts, joined
 * @param reasoning the thought parts, joined
 * @param signatures the {@code thoughtSignature}s of the text parts, in order, each kept as a reasoning block of its
 *     own to be sent back on the next turn (a function call keeps its own on the call)
 * @param calls the function calls; a call without an {@code id} is given {@code call_<n>}, n counting the
 *     calls of the candidate from {@code firstCall}, so that the same answer always gets the same ids
 */
record GeminiParts(String text, String reasoning, List<ReasoningBlock> signatures, List<ToolCall> calls) {

    /** Reads the parts of a candidate. */
    static GeminiParts of(JsonNode candidate, int firstCall) {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final List<ToolCall> calls = new ArrayList<>();
        final List<ReasoningBlock> signatures = new ArrayList<>();
        for (JsonNode part : array(object(candidate, "content"), "parts")) {
            final String signature = LenientJson.text(part, "thoughtSignature");
            final JsonNode call = object(part, "functionCall");
            if (!signature.isEmpty() && call.isMissingNode()) {
                signatures.add(ReasoningBlock.newBuilder().setSignature(signature).build());
            }
            if (!call.isMissingNode()) {
                final JsonNode args = get(call, "args");
                final String id = LenientJson.text(call, "id");
                calls.add(ToolCall.newBuilder()
                                  .setId(id.isEmpty() ? "call_" + (firstCall + calls.size()) : id)
                                  .setName(LenientJson.text(call, "name"))
                                  .setArguments(args.isObject() ? args.toString() : "{}")
                                  .setSignature(signature)
                                  .build());
            } else if (get(part, "thought").asBoolean(false)) {
                reasoning.append(LenientJson.text(part, "text"));
            } else {
                text.append(LenientJson.text(part, "text"));
            }
        }
        return new GeminiParts(text.toString(), reasoning.toString(), List.copyOf(signatures), List.copyOf(calls));
    }
}
