package dev.llmg.internal.providers.simulator;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes up a JSON value that fits a JSON Schema, so that the simulator can answer with tool-call
 * arguments and structured output that the caller's own validation accepts.
 *
 * <p>It covers what tool and response schemas use in practice (objects, arrays, scalars, enums, const,
 * the first branch of anyOf/oneOf); {@code text} fills the first string it meets, so answers still echo.
 */
final class SchemaExample {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private String text;

    private SchemaExample(String text) {
        this.text = text;
    }

    /** Returns a value fitting {@code schema}, with {@code text} as the first string value. */
    static JsonNode of(JsonNode schema, String text) {
        return new SchemaExample(text).value(schema, 0);
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > 16) {
            return JSON.nullNode();
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(0);
        }
        for (String combinator : new String[] { "anyOf", "oneOf", "allOf" }) {
            if (schema.has(combinator) && schema.get(combinator).size() > 0) {
                return value(schema.get(combinator).get(0), depth + 1);
            }
        }
        final JsonNode type = schema.get("type");
        final String kind = type == null ? (schema.has("properties") ? "object" : "string")
                                         : type.isArray() ? type.get(0).asText() : type.asText();
        switch (kind) {
            case "object": return object(schema, depth);
            case "array": return array(schema, depth);
            case "integer": return JSON.numberNode(schema.path("minimum").asLong(1));
            case "number": return JSON.numberNode(schema.path("minimum").asDouble(1.5));
            case "boolean": return JSON.booleanNode(true);
            case "null": return JSON.nullNode();
            default: return string(schema);
        }
    }

    private JsonNode object(JsonNode schema, int depth) {
        final ObjectNode result = JSON.objectNode();
        final JsonNode properties = schema.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> property = it.next();
                result.set(property.getKey(), value(property.getValue(), depth + 1));
            }
        }
        return result;
    }

    private JsonNode array(JsonNode schema, int depth) {
        final ArrayNode result = JSON.arrayNode();
        final int count = Math.max(1, schema.path("minItems").asInt(1));
        for (int i = 0; i < count; i++) {
            result.add(value(schema.get("items"), depth + 1));
        }
        return result;
    }

    private JsonNode string(JsonNode schema) {
        final String format = schema.path("format").asText("");
        switch (format) {
            case "date-time": return JSON.textNode("2026-01-01T00:00:00Z");
            case "date": return JSON.textNode("2026-01-01");
            case "email": return JSON.textNode("someone@example.com");
            case "uri": return JSON.textNode("https://example.com/");
            default:
                final String value = text == null ? "example" : text;
                text = null;
                return JSON.textNode(value);
        }
    }
}
