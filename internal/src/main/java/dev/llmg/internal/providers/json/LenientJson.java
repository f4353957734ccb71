package dev.llmg.internal.providers.json;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reads fields of provider JSON without trusting its shape: a missing field, a JSON {@code null} and a value
 * of the wrong type all read as "absent", so that one odd field never fails a whole answer.
 */
public final class LenientJson {

    private LenientJson() {}

    /** Returns the named child, or a {@link MissingNode} when the parent is no object or the child is null. */
    public static JsonNode get(JsonNode parent, String name) {
        if (parent == null || !parent.isObject()) {
            return MissingNode.getInstance();
        }
        final JsonNode child = parent.get(name);
        return child == null || child.isNull() ? MissingNode.getInstance() : child;
    }

    /** Returns whether the named child is present and not null. */
    public static boolean has(JsonNode parent, String name) {
        return !get(parent, name).isMissingNode();
    }

    /** Returns the named child as an object, or a {@link MissingNode} when it is absent or not an object. */
    public static JsonNode object(JsonNode parent, String name) {
        final JsonNode child = get(parent, name);
        return child.isObject() ? child : MissingNode.getInstance();
    }

    /** Returns the named child as text (numbers and booleans as written), or an empty string. */
    public static String text(JsonNode parent, String name) {
        final JsonNode child = get(parent, name);
        if (child.isTextual()) {
            return child.textValue();
        }
        return child.isValueNode() ? child.asText() : "";
    }

    /** Returns the named child as an int (from a number or numeric text), or 0. */
    public static int integer(JsonNode parent, String name) {
        final long value = longValue(parent, name);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** Returns the named child as a long (from a number or numeric text), or 0. */
    public static long longValue(JsonNode parent, String name) {
        final JsonNode child = get(parent, name);
        if (child.isNumber()) {
            return child.longValue();
        }
        if (child.isTextual()) {
            try {
                return (long) Double.parseDouble(child.textValue().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Returns the elements of the named child, or none when it is absent or not an array. */
    public static Iterable<JsonNode> array(JsonNode parent, String name) {
        final JsonNode child = get(parent, name);
        return child.isArray() ? child : List.of();
    }
}
