package dev.llmg.internal.api.json;

import java.text.ParseException;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;

/**
 * Reads the well-known types that proto3 JSON writes in their own form: {@code Struct}, {@code Value} and
 * {@code ListValue} as any JSON (numbers finite, strings well-formed), the wrappers as their bare scalar,
 * {@code Duration} and {@code Timestamp} as strings, {@code FieldMask} as comma-separated paths.
 *
 * <p>{@code Any} is refused: no request of the API holds one, and reading one needs a registry of types.
 */
final class WellKnownJson {

    private static final Set<String> WRAPPERS = Set.of(
            "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
            "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
            "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue");
    private static final Set<String> OTHERS = Set.of(
            "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue",
            "google.protobuf.Duration", "google.protobuf.Timestamp", "google.protobuf.FieldMask",
            "google.protobuf.Any");
    private static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

    private WellKnownJson() {}

    /** Returns whether {@code type} is read by this class rather than field by field. */
    static boolean handles(Descriptor type) {
        return WRAPPERS.contains(type.getFullName()) || OTHERS.contains(type.getFullName());
    }

    /** Returns whether a JSON null is a value of this type (a Value holding null) rather than "not set". */
    static boolean takesNull(Descriptor type) {
        return type.getFullName().equals("google.protobuf.Value");
    }

    /** Reads {@code node} as the well-known type {@code fresh} builds, {@code depth} levels into the document. */
    static Message read(Message.Builder fresh, JsonNode node, int depth) {
        final Descriptor type = fresh.getDescriptorForType();
        switch (type.getFullName()) {
            case "google.protobuf.Struct":
                return struct(node, depth);
            case "google.protobuf.Value":
                return value(node, depth);
            case "google.protobuf.ListValue":
                return list(node, depth);
            case "google.protobuf.Duration":
                try {
                    return Durations.parse(ScalarJson.string(node));
                } catch (ParseException e) {
                    throw new JsonProblem("must be a duration such as \"1.5s\", not " + ScalarJson.describe(node));
                }
            case "google.protobuf.Timestamp":
                try {
                    return Timestamps.parse(ScalarJson.string(node));
                } catch (ParseException e) {
                    throw new JsonProblem("must be an RFC 3339 time such as \"2025-01-31T12:00:00Z\", not "
                                          + ScalarJson.describe(node));
                }
            case "google.protobuf.FieldMask":
                return FieldMaskUtil.fromJsonString(ScalarJson.string(node));
            case "google.protobuf.Any":
                throw new JsonProblem("is a google.protobuf.Any, which llmg does not read from JSON");
            default:
                final FieldDescriptor wrapped = type.findFieldByName("value");
                return fresh.setField(wrapped, ScalarJson.read(wrapped, node)).build();
        }
    }

    private static Struct struct(JsonNode node, int depth) {
        if (!node.isObject()) {
            throw new JsonProblem("must be an object, not " + ScalarJson.describe(node));
        }
        ProtoJsonReader.checkDepth(depth);
        final Struct.Builder struct = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            try {
                struct.putFields(ScalarJson.wellFormed(field.getKey()), value(field.getValue(), depth + 1));
            } catch (JsonProblem problem) {
                throw problem.in(field.getKey());
            }
        }
        return struct.build();
    }

    private static ListValue list(JsonNode node, int depth) {
        if (!node.isArray()) {
            throw new JsonProblem("must be an array, not " + ScalarJson.describe(node));
        }
        ProtoJsonReader.checkDepth(depth);
        final ListValue.Builder list = ListValue.newBuilder();
        for (int i = 0; i < node.size(); i++) {
            try {
                list.addValues(value(node.get(i), depth + 1));
            } catch (JsonProblem problem) {
                throw problem.at(i);
            }
        }
        return list.build();
    }

    private static Value value(JsonNode node, int depth) {
        switch (node.getNodeType()) {
            case NULL:
                return NULL;
            case BOOLEAN:
                return Value.newBuilder().setBoolValue(node.booleanValue()).build();
            case NUMBER:
                return Value.newBuilder().setNumberValue(ScalarJson.finite(node.doubleValue())).build();
            case STRING:
                return Value.newBuilder().setStringValue(ScalarJson.string(node)).build();
            case ARRAY:
                return Value.newBuilder().setListValue(list(node, depth)).build();
            case OBJECT:
                return Value.newBuilder().setStructValue(struct(node, depth)).build();
            default:
                throw new JsonProblem("must be a JSON value, not " + ScalarJson.describe(node));
        }
    }
}
