package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.internal.api.json.UnicodeText;
import dev.llmg.spi.GatewayException;

/**
 * Reads the fields of a caller's JSON strictly: an absent field and JSON {@code null} read as "not set", and a
 * value of the wrong type is an INVALID_ARGUMENT naming the field's path, as OpenAI's API answers it.
 *
 * <p>Where OpenAI's shape overlaps proto3 JSON, the rules are those of the native API's reader
 * ({@link dev.llmg.internal.api.json.ProtoJsonReader}): no array in place of a scalar, no number that
 * overflows a double, no string with a lone surrogate. Enums are OpenAI's lower-case names, never numbers.
 *
 * <p>Provider answers are read leniently instead ({@link dev.llmg.internal.providers.json.LenientJson}): there
 * the gateway must cope, here the caller can fix the request.
 */
final class StrictJson {

    private StrictJson() {}

    /** Returns the named child, or null when it is absent or JSON null. */
    static JsonNode field(JsonNode parent, String name) {
        final JsonNode child = parent.get(name);
        return child == null || child.isNull() ? null : child;
    }

    /** Returns the path of a child field, for messages and {@code param}. */
    static String path(String parentPath, String name) {
        return parentPath.isEmpty() ? name : parentPath + '.' + name;
    }

    /** Returns the named string, or null when not set. */
    static String string(JsonNode parent, String name, String parentPath) {
        final JsonNode child = field(parent, name);
        if (child == null) {
            return null;
        }
        if (!child.isTextual()) {
            throw wrongType(path(parentPath, name), "a string", child);
        }
        return text(child, path(parentPath, name));
    }

    /** Returns the text of a string node found at {@code path}, which must be well-formed Unicode. */
    static String text(JsonNode string, String path) {
        if (!UnicodeText.isWellFormed(string.textValue())) {
            throw GatewayException.invalidArgument(path, path + " is not valid Unicode: it holds a lone surrogate"
                                                         + " (an unpaired \\ud800-\\udfff)");
        }
        return string.textValue();
    }

    /** Returns the named number, or null when not set. */
    static Double number(JsonNode parent, String name, String parentPath) {
        final JsonNode child = field(parent, name);
        if (child == null) {
            return null;
        }
        if (!child.isNumber()) {
            throw wrongType(path(parentPath, name), "a number", child);
        }
        if (!Double.isFinite(child.doubleValue())) { // e.g. 1e400, which a double cannot hold
            throw GatewayException.invalidArgument(path(parentPath, name), path(parentPath, name)
                    + " is too large: numbers must be finite and fit a double (about 1.8e308 either way)");
        }
        return child.doubleValue();
    }

    /** Returns the named whole number, or null when not set; it must fit an int. */
    static Integer integer(JsonNode parent, String name, String parentPath) {
        final Long value = longInteger(parent, name, parentPath);
        if (value == null) {
            return null;
        }
        if (value != value.intValue()) {
            throw GatewayException.invalidArgument(path(parentPath, name), path(parentPath, name)
                                                                             + " is too large: " + value);
        }
        return value.intValue();
    }

    /** Returns the named whole number, or null when not set. */
    static Long longInteger(JsonNode parent, String name, String parentPath) {
        final JsonNode child = field(parent, name);
        if (child == null) {
            return null;
        }
        if (!child.isNumber() || !child.canConvertToExactIntegral() || !child.canConvertToLong()) {
            throw wrongType(path(parentPath, name), "a whole number", child);
        }
        return child.longValue();
    }

    /** Returns the named boolean, or null when not set. */
    static Boolean bool(JsonNode parent, String name, String parentPath) {
        final JsonNode child = field(parent, name);
        if (child == null) {
            return null;
        }
        if (!child.isBoolean()) {
            throw wrongType(path(parentPath, name), "true or false", child);
        }
        return child.booleanValue();
    }

    /** Returns the named object, or null when not set. */
    static ObjectNode object(JsonNode parent, String name, String parentPath) {
        final JsonNode child = field(parent, name);
        if (child == null) {
            return null;
        }
        if (!child.isObject()) {
            throw wrongType(path(parentPath, name), "an object", child);
        }
        return (ObjectNode) child;
    }

    /** Returns the named array, or null when not set. */
    static ArrayNode array(JsonNode parent, String name, String parentPath) {
        final JsonNode child = field(parent, name);
        if (child == null) {
            return null;
        }
        if (!child.isArray()) {
            throw wrongType(path(parentPath, name), "an array", child);
        }
        return (ArrayNode) child;
    }

    /** Returns an INVALID_ARGUMENT saying what {@code path} must be and what it was instead. */
    static GatewayException wrongType(String path, String expected, JsonNode actual) {
        return GatewayException.invalidArgument(path, path + " must be " + expected + ", not "
                                                      + describe(actual));
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            final String text = node.textValue();
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + '"';
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : node.isObject() ? "an object" : node.getNodeType().toString();
    }
}
