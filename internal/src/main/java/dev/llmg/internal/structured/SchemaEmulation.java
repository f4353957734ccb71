package dev.llmg.internal.structured;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.routing.RouteTarget;

/**
 * Asks for structured output from a target that cannot follow a JSON schema natively (its capabilities say
 * {@code json_schema: false}; an OpenAI-compatible server that ignores {@code response_format}, an older model):
 * the schema goes into the system instructions, JSON mode is asked for where the server has one, and the
 * answer is then checked, mended and corrected like any other. The same for a JSON object asked of a target
 * without JSON mode.
 */
final class SchemaEmulation {

    private static final JsonFormat.Printer SCHEMA_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private SchemaEmulation() {}

    /** Returns whether {@code request} needs emulating at {@code target}. */
    static boolean needed(ChatRequest request, RouteTarget target) {
        final ResponseFormatType type = request.getResponseFormat().getType();
        return type == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA && !target.jsonSchema()
               || type == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT && !target.jsonMode();
    }

    /** Returns {@code request} as a target without native support of its format must receive it. */
    static ChatRequest emulate(ChatRequest request, RouteTarget target) {
        final ChatRequest.Builder emulated = request.toBuilder();
        final String instruction;
        if (request.getResponseFormat().getType() == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
            instruction = schemaInstruction(request.getResponseFormat().getJsonSchema());
        } else {
            instruction = "Answer with a single JSON object and nothing else: no prose and no Markdown code fences.";
        }
        if (target.jsonMode()) {
            emulated.setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT));
        } else {
            emulated.clearResponseFormat();
        }
        if (emulated.getMessagesCount() > 0 && emulated.getMessages(0).getRole() == Role.ROLE_SYSTEM) {
            emulated.getMessagesBuilder(0).addContent(ContentPart.newBuilder().setText("\n\n" + instruction));
        } else {
            emulated.addMessages(0, Message.newBuilder().setRole(Role.ROLE_SYSTEM)
                                           .addContent(ContentPart.newBuilder().setText(instruction)));
        }
        return emulated.build();
    }

    private static String schemaInstruction(JsonSchema schema) {
        final StringBuilder text = new StringBuilder("Answer with a single JSON value that fits the JSON Schema below, "
                                                     + "and nothing else: no prose and no Markdown code fences.");
        if (!schema.getName().isEmpty()) {
            text.append("\nSchema name: ").append(schema.getName());
        }
        if (!schema.getDescription().isEmpty()) {
            text.append("\nWhat it is for: ").append(schema.getDescription());
        }
        try {
            text.append("\nJSON Schema: ").append(SCHEMA_PRINTER.print(schema.getSchema()));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a Struct always prints as JSON", e);
        }
        return text.toString();
    }
}
