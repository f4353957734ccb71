package dev.llmg.internal.api.graphql;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.internal.api.json.ProtoJsonReader;

/**
 * Turns GraphQL arguments into proto requests and proto responses into GraphQL values, both through proto3
 * JSON: the schema names every field as proto3 JSON does, so no type is mapped by hand and a request read here
 * is read by the same strict reader as on the REST door (same checks, same messages naming the bad field).
 */
final class ProtoGraph {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    /** Fields without presence are printed at their defaults, so that a non-null GraphQL field is never null. */
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

    private ProtoGraph() {}

    /** Returns {@code message} as the map graphql-java's default fetchers read fields from. */
    static Map<String, Object> toGraph(MessageOrBuilder message) {
        try {
            return JSON.readValue(PRINTER.print(message), OBJECT);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads GraphQL {@code arguments} (already coerced to the schema's types) as a message of {@code prototype}'s
     * type, or throws an INVALID_ARGUMENT naming the first field the proto refuses.
     */
    static <T extends Message> T read(Object arguments, T prototype, String what) {
        final JsonNode json = JSON.valueToTree(arguments == null ? Map.of() : arguments);
        return ProtoJsonReader.NATIVE.read(json, prototype, what);
    }

    /** Returns {@code value} as a JSON tree. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** Returns the mapper shared by the transports, for reading and writing GraphQL's JSON. */
    static ObjectMapper mapper() {
        return JSON;
    }
}
