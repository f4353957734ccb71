package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Value;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.providers.json.StructJson;

/**
 * Adds the values llmg parsed from a streamed structured answer to an OpenAI chunk's choice, as an {@code llmg}
 * object the SDKs ignore: {@code partial} (the content's JSON so far), {@code parsed} (its final value, on the
 * finishing chunk) and {@code partial_arguments} (by tool-call index). On the choice rather than in the delta, so
 * that SDKs that merge deltas into a message never merge these.
 */
final class LlmgValuesJson {

    private LlmgValuesJson() {}

    /** Sets {@code llmg} on {@code node} when {@code choice} carries any parsed value. */
    static void put(ObjectNode node, ChoiceDelta choice) {
        ObjectNode llmg = null;
        if (choice.hasPartial()) {
            llmg = node.putObject(LlmgMetadataJson.FIELD);
            llmg.set("partial", json(choice.getPartial()));
        }
        if (choice.hasParsed()) {
            llmg = llmg != null ? llmg : node.putObject(LlmgMetadataJson.FIELD);
            llmg.set("parsed", json(choice.getParsed()));
        }
        ObjectNode arguments = null;
        for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
            if (!call.hasPartialArguments()) {
                continue;
            }
            if (arguments == null) {
                llmg = llmg != null ? llmg : node.putObject(LlmgMetadataJson.FIELD);
                arguments = llmg.putObject("partial_arguments");
            }
            arguments.set(Integer.toString(call.getIndex()), json(call.getPartialArguments()));
        }
    }

    /**
     * Returns {@code value} as JSON with whole numbers written whole ({@code 36}, not protobuf's {@code 36.0}), as
     * the model wrote them and as a schema's {@code integer} reads them.
     */
    private static JsonNode json(Value value) {
        return StructJson.toJson(value);
    }
}
