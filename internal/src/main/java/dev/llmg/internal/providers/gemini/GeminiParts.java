package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.object;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.providers.json.LenientJson;

/**
 * What one candidate's {@code content.parts} say: answer text, thought summaries ({@code thought: true})
 * and function calls, whose arguments become JSON text.
 *
 * @param text the answer's text parts, joined
 * @param reasoning the thought parts, joined
 * @param calls the function calls; a call without an {@code id} is given {@code call_<n>}, n counting the
 *     calls of the candidate from {@code firstCall}, so that the same answer always gets the same ids
 */
record GeminiParts(String text, String reasoning, List<ToolCall> calls) {

    /** Reads the parts of a candidate. */
    static GeminiParts of(JsonNode candidate, int firstCall) {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : array(object(candidate, "content"), "parts")) {
            final JsonNode call = object(part, "functionCall");
            if (!call.isMissingNode()) {
                final JsonNode args = get(call, "args");
                final String id = LenientJson.text(call, "id");
                calls.add(ToolCall.newBuilder()
                                  .setId(id.isEmpty() ? "call_" + (firstCall + calls.size()) : id)
                                  .setName(LenientJson.text(call, "name"))
                                  .setArguments(args.isObject() ? args.toString() : "{}")
                                  .build());
            } else if (get(part, "thought").asBoolean(false)) {
                reasoning.append(LenientJson.text(part, "text"));
            } else {
                text.append(LenientJson.text(part, "text"));
            }
        }
        return new GeminiParts(text.toString(), reasoning.toString(), List.copyOf(calls));
    }
}
