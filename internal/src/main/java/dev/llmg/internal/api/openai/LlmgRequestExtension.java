package dev.llmg.internal.api.openai;

import static dev.llmg.internal.api.openai.StrictJson.bool;
import static dev.llmg.internal.api.openai.StrictJson.field;
import static dev.llmg.internal.api.openai.StrictJson.integer;
import static dev.llmg.internal.api.openai.StrictJson.object;
import static dev.llmg.internal.api.openai.StrictJson.string;
import static dev.llmg.internal.api.openai.StrictJson.text;
import static dev.llmg.internal.api.openai.StrictJson.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.internal.routing.config.StructuredPolicy;
import dev.llmg.internal.structured.StructuredRequest;
import dev.llmg.spi.GatewayException;

/**
 * Reads llmg's own options from an OpenAI request's top-level {@code llmg} object, which the SDKs pass through
 * as an extra body field ({@code extra_body} in Python, {@code additionalBodyProperties} in Java, an extra key
 * in Node): {@code "llmg": {"structured_output": "retry"}}, or the long form
 * {@code {"structured_output": {"policy": "strict", "max_retries": 1, "partial": false}}}; a stored conversation
 * ({@code "conversation_id"}); and an instruction with its variables ({@code "instruction": "summarize@3",
 * "variables": {"topic": "tides"}}).
 */
final class LlmgRequestExtension {

    /** The name of the non-standard top-level field. */
    static final String FIELD = "llmg";

    private LlmgRequestExtension() {}

    /** Reads {@code llmg} from {@code body} into {@code chat}; throws INVALID_ARGUMENT naming a bad field. */
    static void read(JsonNode body, ChatRequest.Builder chat) {
        final ObjectNode llmg = object(body, FIELD, "");
        if (llmg == null) {
            return;
        }
        final String conversation = string(llmg, "conversation_id", FIELD);
        if (conversation != null) {
            chat.setConversationId(conversation);
        }
        final String instruction = string(llmg, "instruction", FIELD);
        if (instruction != null) {
            chat.setInstruction(instruction);
        }
        final ObjectNode variables = object(llmg, "variables", FIELD);
        if (variables != null) {
            chat.setVariables(struct(variables));
        }
        final JsonNode structured = field(llmg, "structured_output");
        if (structured != null) {
            chat.setStructuredOutput(structuredOutput(structured));
        }
    }

    private static StructuredOutputOptions structuredOutput(JsonNode structured) {
        final String path = FIELD + ".structured_output";
        final StructuredOutputOptions.Builder options = StructuredOutputOptions.newBuilder();
        if (structured.isTextual()) {
            options.setPolicy(policy(text(structured, path), path));
        } else if (structured.isObject()) {
            final String policy = string(structured, "policy", path);
            if (policy != null) {
                options.setPolicy(policy(policy, path + ".policy"));
            }
            final Integer maxRetries = integer(structured, "max_retries", path);
            if (maxRetries != null) {
                options.setMaxRetries(maxRetries);
            }
            final Boolean partial = bool(structured, "partial", path);
            if (partial != null) {
                options.setPartial(partial);
            }
        } else {
            throw wrongType(path, "a policy (validate, repair, retry, strict) or an object with policy, max_retries "
                                  + "and partial", structured);
        }
        return options.build();
    }

    /** Returns the instruction's variables as the request carries them; any JSON value may be one. */
    private static Struct struct(ObjectNode variables) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(variables.toString(), struct);
        } catch (InvalidProtocolBufferException e) {
            throw GatewayException.invalidArgument(FIELD + ".variables", FIELD + ".variables: " + e.getMessage());
        }
        return struct.build();
    }

    private static StructuredOutputPolicy policy(String name, String path) {
        try {
            return StructuredRequest.apiPolicyOf(StructuredPolicy.of(name));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument(path, path + ": " + e.getMessage());
        }
    }
}
