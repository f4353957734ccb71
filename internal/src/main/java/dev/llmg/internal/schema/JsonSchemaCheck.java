package dev.llmg.internal.schema;

import java.util.Map;
import java.util.Set;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.spi.GatewayException;

/**
 * Checks that a JSON Schema (of a structured answer or of a tool's arguments) is at least shaped like one,
 * whatever protocol it came by.
 *
 * <p>It is a sanity check, not a validator of the JSON Schema specification: it catches what providers
 * reject late and vaguely, or what makes the gateway's own answer check meaningless, such as
 * {@code {"type": "banana"}}, {@code properties} that are not an object, or {@code required} that is not
 * a list of names. Keywords it does not know pass untouched, since dialects and providers add their own.
 */
public final class JsonSchemaCheck {

    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean",
                                                    "null");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "$defs", "definitions", "patternProperties");
    private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
    private static final Set<String> SCHEMAS = Set.of("items", "additionalProperties", "not", "contains",
                                                      "additionalItems", "if", "then", "else");
    private static final int MAX_DEPTH = 64;

    private JsonSchemaCheck() {}

    /** Throws an INVALID_ARGUMENT {@link GatewayException} naming the first keyword, at {@code path}, that is wrong. */
    public static void check(Struct schema, String path) {
        checkObject(schema, path, 0);
    }

    private static void checkObject(Struct schema, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(path, path + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        for (Map.Entry<String, Value> keyword : schema.getFieldsMap().entrySet()) {
            final String name = keyword.getKey();
            final Value value = keyword.getValue();
            final String at = path + '.' + name;
            if ("type".equals(name)) {
                checkType(value, at);
            } else if ("required".equals(name)) {
                requireList(value, at, "a list of property names");
                for (Value element : value.getListValue().getValuesList()) {
                    if (!element.hasStringValue()) {
                        throw invalid(at, at + " must be a list of property names (strings)");
                    }
                }
            } else if ("enum".equals(name)) {
                requireList(value, at, "a list of the allowed values");
            } else if (SCHEMA_MAPS.contains(name)) {
                if (!value.hasStructValue()) {
                    throw invalid(at, at + " must be an object mapping names to schemas");
                }
                value.getStructValue().getFieldsMap().forEach(
                        (key, child) -> checkSchema(child, at + '.' + key, depth + 1));
            } else if (SCHEMA_LISTS.contains(name)) {
                requireList(value, at, "a non-empty list of schemas");
                final ListValue list = value.getListValue();
                if (list.getValuesCount() == 0) {
                    throw invalid(at, at + " must be a non-empty list of schemas");
                }
                for (int i = 0; i < list.getValuesCount(); i++) {
                    checkSchema(list.getValues(i), at + '[' + i + ']', depth + 1);
                }
            } else if (SCHEMAS.contains(name)) {
                if (value.hasListValue() && "items".equals(name)) {
                    // Draft 4 to 2019-09 tuples: a list of schemas.
                    for (int i = 0; i < value.getListValue().getValuesCount(); i++) {
                        checkSchema(value.getListValue().getValues(i), at + '[' + i + ']', depth + 1);
                    }
                } else {
                    checkSchema(value, at, depth + 1);
                }
            }
        }
    }

    private static void checkSchema(Value schema, String path, int depth) {
        if (schema.hasBoolValue()) {
            return; // true and false are schemas too.
        }
        if (!schema.hasStructValue()) {
            throw invalid(path, path + " must be a schema (a JSON object)");
        }
        checkObject(schema.getStructValue(), path, depth);
    }

    private static void checkType(Value type, String path) {
        if (type.hasStringValue()) {
            if (!TYPES.contains(type.getStringValue())) {
                throw invalid(path, path + " must be one of " + String.join(", ", TYPES.stream().sorted().toList())
                                    + ", not '" + type.getStringValue() + '\'');
            }
            return;
        }
        if (type.hasListValue() && type.getListValue().getValuesCount() > 0) {
            for (Value element : type.getListValue().getValuesList()) {
                checkType(element, path);
            }
            return;
        }
        throw invalid(path, path + " must be a type name such as \"object\" or \"string\", or a list of them");
    }

    private static void requireList(Value value, String path, String what) {
        if (!value.hasListValue()) {
            throw invalid(path, path + " must be " + what);
        }
    }

    private static GatewayException invalid(String path, String message) {
        return GatewayException.invalidArgument(path, message);
    }
}
