package dev.llmg.internal.providers.simulator;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Says whether a JSON value fits a JSON Schema, for the keywords the simulator honours: type, const, enum,
 * anyOf/oneOf, properties, required, additionalProperties, min/maxProperties, items, prefixItems, contains,
 * min/maxItems, min/maxLength and numeric bounds. A test stand-in for a validator: it names the first misfit.
 */
final class SchemaFit {

    private SchemaFit() {}

    /** Returns null when {@code value} fits {@code schema}, else where and why it does not. */
    static String misfit(JsonNode schema, JsonNode value, String path) {
        if (schema == null || schema.isBoolean()) {
            return schema != null && !schema.asBoolean() ? path + ": nothing fits false" : null;
        }
        if (schema.has("const") && !sameJson(schema.get("const"), value)) {
            return path + ": not the const";
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= sameJson(option, value);
            }
            if (!found) {
                return path + ": not in the enum";
            }
        }
        for (String combinator : new String[] { "anyOf", "oneOf" }) {
            if (schema.has(combinator)) {
                String first = null;
                boolean any = false;
                for (JsonNode branch : schema.get(combinator)) {
                    final String problem = misfit(branch, value, path);
                    any |= problem == null;
                    first = first == null ? problem : first;
                }
                if (!any) {
                    return first;
                }
            }
        }
        if (schema.has("type") && !typeFits(schema.get("type"), value)) {
            return path + ": not of type " + schema.get("type");
        }
        if (value.isObject()) {
            return objectMisfit(schema, value, path);
        }
        if (value.isArray()) {
            return arrayMisfit(schema, value, path);
        }
        if (value.isTextual()) {
            final int length = value.textValue().codePointCount(0, value.textValue().length());
            if (length < schema.path("minLength").asLong(0) || length > schema.path("maxLength").asLong(Long.MAX_VALUE)) {
                return path + ": " + length + " characters";
            }
        }
        if (value.isNumber()) {
            final double number = value.asDouble();
            if (schema.has("minimum") && number < schema.get("minimum").asDouble()
                || schema.has("maximum") && number > schema.get("maximum").asDouble()
                || schema.has("exclusiveMinimum") && number <= schema.get("exclusiveMinimum").asDouble()
                || schema.has("exclusiveMaximum") && number >= schema.get("exclusiveMaximum").asDouble()) {
                return path + ": " + number + " is out of bounds";
            }
        }
        return null;
    }

    private static String objectMisfit(JsonNode schema, JsonNode value, String path) {
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                return path + ": lacks " + name.asText();
            }
        }
        if (value.size() < schema.path("minProperties").asLong(0)
            || value.size() > schema.path("maxProperties").asLong(Long.MAX_VALUE)) {
            return path + ": " + value.size() + " properties";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> member = it.next();
            final JsonNode property = schema.path("properties").get(member.getKey());
            if (property == null && schema.path("additionalProperties").isBoolean()
                && !schema.get("additionalProperties").asBoolean()) {
                return path + ": " + member.getKey() + " is not allowed";
            }
            final String problem = misfit(property, member.getValue(), path + '.' + member.getKey());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String arrayMisfit(JsonNode schema, JsonNode value, String path) {
        if (value.size() < schema.path("minItems").asLong(0) || value.size() > schema.path("maxItems").asLong(Long.MAX_VALUE)) {
            return path + ": " + value.size() + " items";
        }
        int containing = 0;
        for (int i = 0; i < value.size(); i++) {
            final JsonNode prefix = schema.path("prefixItems").get(i);
            final String problem = misfit(prefix != null ? prefix : schema.get("items"), value.get(i), path + '[' + i + ']');
            if (problem != null) {
                return problem;
            }
            containing += schema.has("contains") && misfit(schema.get("contains"), value.get(i), path) == null ? 1 : 0;
        }
        if (schema.has("contains") && containing < schema.path("minContains").asLong(1)) {
            return path + ": " + containing + " items fit contains";
        }
        return null;
    }

    private static boolean typeFits(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeFits(one, value)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "object": return value.isObject();
            case "array": return value.isArray();
            case "string": return value.isTextual();
            case "integer": return value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "number": return value.isNumber();
            case "boolean": return value.isBoolean();
            case "null": return value.isNull();
            default: return false;
        }
    }

    private static boolean sameJson(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.asDouble() == b.asDouble() : a.equals(b);
    }
}
