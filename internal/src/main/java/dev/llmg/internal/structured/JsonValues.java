package dev.llmg.internal.structured;

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
 * Converts between protobuf's JSON model ({@link Struct}, {@link Value}, {@link ListValue}), in which schemas and
 * tool arguments reach llmg, and Jackson's {@link JsonNode}, in which they are read, mended and validated.
 *
 * <p>A direct walk of the two trees, so no value is printed to text and parsed again. Protobuf has only doubles:
 * an integral double becomes an integral node (3.0 becomes 3), so that JSON Schema's {@code type: integer} and
 * keywords such as {@code minItems} see the integers they were written as. The other way, every number becomes a
 * double, so integers beyond 2<sup>53</sup> (and long decimals) lose precision, as they would in any
 * {@code Struct}.
 */
public final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Doubles at or beyond 2^63 are integral but do not fit a long; they stay doubles. */
    private static final double LONG_LIMIT = 0x1p63;

    private JsonValues() {}

    /** Returns {@code struct} as a Jackson object. */
    public static JsonNode toJson(Struct struct) {
        return object(struct);
    }

    /** Returns {@code value} as a Jackson node; an unset value is JSON null. */
    public static JsonNode toJson(Value value) {
        switch (value.getKindCase()) {
            case STRUCT_VALUE:
                return object(value.getStructValue());
            case LIST_VALUE:
                final ArrayNode array = NODES.arrayNode(value.getListValue().getValuesCount());
                for (Value element : value.getListValue().getValuesList()) {
                    array.add(toJson(element));
                }
                return array;
            case STRING_VALUE:
                return NODES.textNode(value.getStringValue());
            case NUMBER_VALUE:
                return number(value.getNumberValue());
            case BOOL_VALUE:
                return NODES.booleanNode(value.getBoolValue());
            default:
                return NODES.nullNode();
        }
    }

    /**
     * Returns {@code node} as a protobuf value. Numbers become doubles (integers beyond 2<sup>53</sup> lose
     * precision); binary nodes become their base64 text; missing and POJO nodes become null.
     */
    public static Value toValue(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                return Value.newBuilder().setStructValue(toStruct((ObjectNode) node)).build();
            case ARRAY:
                final ListValue.Builder list = ListValue.newBuilder();
                for (JsonNode element : node) {
                    list.addValues(toValue(element));
                }
                return Value.newBuilder().setListValue(list).build();
            case STRING:
            case BINARY:
                return Value.newBuilder().setStringValue(node.asText()).build();
            case NUMBER:
                return Value.newBuilder().setNumberValue(node.doubleValue()).build();
            case BOOLEAN:
                return Value.newBuilder().setBoolValue(node.booleanValue()).build();
            default:
                return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
    }

    /** Returns {@code object} as a protobuf struct (numbers as doubles, see {@link #toValue}). */
    public static Struct toStruct(ObjectNode object) {
        final Struct.Builder struct = Struct.newBuilder();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            struct.putFields(member.getKey(), toValue(member.getValue()));
        }
        return struct.build();
    }

    private static ObjectNode object(Struct struct) {
        final ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, Value> member : struct.getFieldsMap().entrySet()) {
            object.set(member.getKey(), toJson(member.getValue()));
        }
        return object;
    }

    /** Makes an integral double the int or long it stands for; anything else (fractions, NaN) stays a double. */
    private static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < LONG_LIMIT) {
            final long integral = (long) d;
            return integral == (int) integral ? NODES.numberNode((int) integral) : NODES.numberNode(integral);
        }
        return NODES.numberNode(d);
    }
}
