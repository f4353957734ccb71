package dev.llmg.internal.admin.catalog;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * Turns the API's {@link Struct} settings into the JSON tree config is read from, and back. A whole number stays
 * a whole number (a Struct holds every number as a double), so that {@code weight: 2} reads as config's would.
 */
final class StructJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StructJson() {}

    /** Returns {@code struct} as a JSON object. */
    static ObjectNode toJson(Struct struct) {
        final ObjectNode object = NODES.objectNode();
        struct.getFieldsMap().forEach((key, value) -> object.set(key, toJson(value)));
        return object;
    }

    /** Returns {@code object} as a Struct. */
    static Struct toStruct(ObjectNode object) {
        final Struct.Builder struct = Struct.newBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> field = it.next();
            struct.putFields(field.getKey(), toValue(field.getValue()));
        }
        return struct.build();
    }

    private static JsonNode toJson(Value value) {
        switch (value.getKindCase()) {
            case STRUCT_VALUE:
                return toJson(value.getStructValue());
            case LIST_VALUE:
                final ArrayNode array = NODES.arrayNode();
                value.getListValue().getValuesList().forEach(item -> array.add(toJson(item)));
                return array;
            case STRING_VALUE:
                return NODES.textNode(value.getStringValue());
            case BOOL_VALUE:
                return NODES.booleanNode(value.getBoolValue());
            case NUMBER_VALUE:
                final double number = value.getNumberValue();
                return number == Math.rint(number) && Math.abs(number) < 1e15 ? NODES.numberNode((long) number)
                                                                                : NODES.numberNode(number);
            default:
                return NODES.nullNode();
        }
    }

    private static Value toValue(JsonNode node) {
        if (node.isObject()) {
            return Value.newBuilder().setStructValue(toStruct((ObjectNode) node)).build();
        }
        if (node.isArray()) {
            final ListValue.Builder list = ListValue.newBuilder();
            node.forEach(item -> list.addValues(toValue(item)));
            return Value.newBuilder().setListValue(list).build();
        }
        if (node.isNumber()) {
            return Value.newBuilder().setNumberValue(node.asDouble()).build();
        }
        if (node.isBoolean()) {
            return Value.newBuilder().setBoolValue(node.asBoolean()).build();
        }
        if (node.isNull()) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        return Value.newBuilder().setStringValue(node.asText()).build();
    }
}
