package dev.llmg.internal.providers.json;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * Converts {@code google.protobuf.Struct} values, such as JSON Schemas, into Jackson trees and back.
 *
 * <p>It walks the values directly instead of printing and re-parsing them, and writes whole numbers without a
 * fraction ({@code 1}, not {@code 1.0}), because a {@code Struct} keeps every number as a double while the
 * schemas people write use integers for {@code minimum}, {@code maxItems} and the like.
 */
public final class StructJson {

    /** The largest magnitude up to which every whole double is exactly a long. */
    private static final double MAX_EXACT_INTEGER = 9_007_199_254_740_992d; // 2^53

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StructJson() {}

    /** Converts a struct into a JSON object. */
    public static ObjectNode toJson(Struct struct) {
        final ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
            node.set(field.getKey(), toJson(field.getValue()));
        }
        return node;
    }

    /**
     * Converts one value into a JSON value.
     *
     * @throws IllegalArgumentException if the value holds NaN or an infinity, which JSON cannot express
     */
    public static JsonNode toJson(Value value) {
        switch (value.getKindCase()) {
            case STRUCT_VALUE:
                return toJson(value.getStructValue());
            case LIST_VALUE:
                return toJson(value.getListValue());
            case STRING_VALUE:
                return NODES.textNode(value.getStringValue());
            case BOOL_VALUE:
                return NODES.booleanNode(value.getBoolValue());
            case NUMBER_VALUE:
                return toJson(value.getNumberValue());
            case NULL_VALUE:
            case KIND_NOT_SET:
            default:
                return NODES.nullNode();
        }
    }

    /** Converts a JSON object into a struct, e.g. a JSON Schema a caller sent. */
    public static Struct toStruct(ObjectNode object) {
        final Struct.Builder struct = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            struct.putFields(field.getKey(), toValue(field.getValue()));
        }
        return struct.build();
    }

    /**
     * Converts one JSON value into a protobuf value; every number becomes a double, as Struct keeps them.
     *
     * @throws IllegalArgumentException if a number is too large for a double (e.g. {@code 1e400})
     */
    public static Value toValue(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                return Value.newBuilder().setStructValue(toStruct((ObjectNode) node)).build();
            case ARRAY:
                final ListValue.Builder list = ListValue.newBuilder();
                node.forEach(element -> list.addValues(toValue(element)));
                return Value.newBuilder().setListValue(list).build();
            case STRING:
                return Value.newBuilder().setStringValue(node.textValue()).build();
            case BOOLEAN:
                return Value.newBuilder().setBoolValue(node.booleanValue()).build();
            case NUMBER:
                if (!Double.isFinite(node.doubleValue())) {
                    throw new IllegalArgumentException("the number " + node.asText() + " is too large");
                }
                return Value.newBuilder().setNumberValue(node.doubleValue()).build();
            default:
                return Value.newBuilder().setNullValueValue(0).build();
        }
    }

    private static ArrayNode toJson(ListValue list) {
        final ArrayNode node = NODES.arrayNode(list.getValuesCount());
        for (Value element : list.getValuesList()) {
            node.add(toJson(element));
        }
        return node;
    }

    private static JsonNode toJson(double number) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("JSON has no number " + number);
        }
        if (number == Math.rint(number) && Math.abs(number) <= MAX_EXACT_INTEGER) {
            final long whole = (long) number;
            return whole == (int) whole ? NODES.numberNode((int) whole) : NODES.numberNode(whole);
        }
        return NODES.numberNode(number);
    }
}
