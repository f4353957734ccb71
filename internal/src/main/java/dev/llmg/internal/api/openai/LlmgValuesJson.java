package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.ToolCallDelta;

/**
 * Adds the values llmg parsed from a streamed structured answer to an OpenAI chunk's choice, as an {@code llmg}
 * object the SDKs ignore: {@code partial} (the content's JSON so far), {@code parsed} (its final value, on the
 * finishing chunk) and {@code partial_arguments} (by tool-call index). On the choice rather than in the delta, so
 * that SDKs that merge deltas into a message never merge these.
 */
final class LlmgValuesJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private LlmgValuesJson() {}

    /** Sets {@code llmg} on {@code node} when {@code choice} carries any parsed value. */
    static void put(ObjectNode node, ChoiceDelta choice) {
        ObjectNode llmg = null;
        if (choice.hasPartial()) {
            llmg = node.putObject(LlmgMetadataJson.FIELD);
            llmg.putRawValue("partial", raw(choice.getPartial()));
        }
        if (choice.hasParsed()) {
            llmg = llmg != null ? llmg : node.putObject(LlmgMetadataJson.FIELD);
            llmg.putRawValue("parsed", raw(choice.getParsed()));
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
            arguments.putRawValue(Integer.toString(call.getIndex()), raw(call.getPartialArguments()));
        }
    }

    private static RawValue raw(Value value) {
        try {
            return new RawValue(PRINTER.print(value));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a Value parsed from JSON always prints as JSON", e);
        }
    }
}
