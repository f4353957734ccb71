package dev.llmg.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.spi.GatewayException;

/**
 * Checks that a JSON Schema (of a structured answer or of a tool's arguments) is shaped like one and cannot
 * be turned against whoever reads it, whatever protocol it came by.
 *
 * <p>It is a sanity check, not a validator of the JSON Schema specification: it catches what providers
 * reject late and vaguely, or what makes the gateway's own answer check meaningless, such as
 * {@code {"type": "banana"}}, {@code properties} that are not an object, or {@code required} that is not
 * a list of names. Keywords it does not know pass untouched, since dialects and providers add their own,
 * as long as they hold JSON (no NaN or Infinity, which a {@code google.protobuf.Value} can carry and JSON
 * cannot print).
 *
 * <p>It also holds the schema to {@link SchemaLimits}: nesting depth, number of subschemas, each minimum,
 * what the minimums force together ({@link ForcedSize}), regular expressions ({@link RegexCheck}) and
 * {@code $ref} loops ({@link RefCycles}). Whatever else reads caller schemas (a validator of answers, a
 * generator of examples) can rely on a schema that passed.
 */
public final class JsonSchemaCheck {

    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean",
                                                    "null");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "$defs", "definitions", "dependentSchemas");
    private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
    private static final Set<String> SCHEMAS = Set.of("items", "additionalProperties", "not", "contains",
                                                      "additionalItems", "if", "then", "else", "propertyNames",
                                                      "unevaluatedItems", "unevaluatedProperties", "contentSchema");
    /** Minimums force output, so each is bounded by {@link SchemaLimits#maxMinimum()}. */
    private static final Set<String> MINIMUMS = Set.of("minItems", "minLength", "minProperties", "minContains");
    /** Maximums only bound, so they need only be whole numbers a validator can hold. */
    private static final Set<String> MAXIMUMS = Set.of("maxItems", "maxLength", "maxProperties", "maxContains");

    private final SchemaLimits limits;
    private final String rootPath;
    private final List<Value> schemas = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();

    private JsonSchemaCheck(SchemaLimits limits, String rootPath) {
        this.limits = limits;
        this.rootPath = rootPath;
    }

    /** Throws an INVALID_ARGUMENT {@link GatewayException} naming the first keyword, at {@code path}, that is wrong. */
    public static void check(Struct schema, String path) {
        check(schema, path, SchemaLimits.DEFAULT);
    }

    /**
     * Throws an INVALID_ARGUMENT {@link GatewayException} naming the first keyword, at {@code path}, that is
     * wrong or above {@code limits}.
     */
    public static void check(Struct schema, String path, SchemaLimits limits) {
        final Value root = Value.newBuilder().setStructValue(schema).build();
        final JsonSchemaCheck check = new JsonSchemaCheck(limits, path);
        check.checkSchema(root, path, 0);
        final RefCycles cycles = new RefCycles(root, path, 4 * limits.maxDepth());
        for (int i = 0; i < check.schemas.size(); i++) {
            cycles.from(check.schemas.get(i), check.paths.get(i)).ifPresent(loop -> {
                throw invalid(loop.path(), loop.message());
            });
        }
        final ForcedSize forced = new ForcedSize();
        forced.culprit(root, path, limits.maxForcedSize()).ifPresent(at -> {
            final long size = forced.size(root);
            throw invalid(at, at + " makes every answer that fits at least "
                              + (size == Long.MAX_VALUE ? "billions of" : "about " + size)
                              + " characters of JSON long (minimums multiply through nesting); at most "
                              + limits.maxForcedSize() + " are allowed");
        });
    }

    private void checkObject(Value value, String path, int depth) {
        if (depth > limits.maxDepth()) {
            throw invalid(path, path + " is nested more than " + limits.maxDepth() + " levels deep");
        }
        if (schemas.size() == limits.maxSubschemas()) {
            throw invalid(rootPath, rootPath + " holds more than " + limits.maxSubschemas() + " subschemas");
        }
        schemas.add(value);
        paths.add(path);
        for (Map.Entry<String, Value> keyword : value.getStructValue().getFieldsMap().entrySet()) {
            checkKeyword(keyword.getKey(), keyword.getValue(), path + '.' + keyword.getKey(), depth);
        }
    }

    private void checkKeyword(String name, Value value, String at, int depth) {
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
            requireJson(value, at);
        } else if ("pattern".equals(name)) {
            if (!value.hasStringValue()) {
                throw invalid(at, at + " must be a regular expression (a string)");
            }
            RegexCheck.problem(value.getStringValue(), limits).ifPresent(problem -> {
                throw invalid(at, at + ' ' + problem);
            });
        } else if ("patternProperties".equals(name)) {
            requireSchemaMap(value, at);
            value.getStructValue().getFieldsMap().forEach((pattern, child) -> {
                RegexCheck.problem(pattern, limits).ifPresent(problem -> {
                    throw invalid(at + '.' + pattern, at + '.' + pattern + ' ' + problem);
                });
                checkSchema(child, at + '.' + pattern, depth + 1);
            });
        } else if (MINIMUMS.contains(name) || MAXIMUMS.contains(name)) {
            checkCount(value, at, MINIMUMS.contains(name) ? limits.maxMinimum() : SchemaLimits.MAX_MAXIMUM);
        } else if (SCHEMA_MAPS.contains(name)) {
            requireSchemaMap(value, at);
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
        } else {
            requireJson(value, at); // const, default, examples, minimum, vendor keywords...
        }
    }

    private void checkSchema(Value schema, String path, int depth) {
        if (schema.hasBoolValue()) {
            return; // true and false are schemas too.
        }
        if (!schema.hasStructValue()) {
            throw invalid(path, path + " must be a schema (a JSON object)");
        }
        checkObject(schema, path, depth);
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

    private static void checkCount(Value count, String path, long max) {
        final double value = count.getNumberValue();
        if (!count.hasNumberValue() || !Double.isFinite(value) || value < 0 || value != Math.rint(value)) {
            throw invalid(path, path + " must be a whole number (0 or more), not " + describe(count));
        }
        if (value > max) {
            throw invalid(path, path + " is " + describe(count) + "; at most " + max + " is allowed"
                                + (max < SchemaLimits.MAX_MAXIMUM ? ": a minimum forces that much into every answer"
                                                                  : ""));
        }
    }

    /**
     * Throws an INVALID_ARGUMENT {@link GatewayException} naming {@code path} when {@code value} holds what JSON
     * cannot carry (NaN, infinities, a {@code Value} with no kind): for Structs a request carries that are not
     * schemas, e.g. the parsed arguments of a tool call in the conversation so far.
     */
    public static void checkJson(Struct value, String path) {
        value.getFieldsMap().forEach((key, child) -> requireJson(child, path + '.' + key));
    }

    /** Refuses what JSON cannot carry: NaN, infinities, and a {@code Value} with no kind set. */
    private static void requireJson(Value value, String path) {
        switch (value.getKindCase()) {
            case NUMBER_VALUE:
                if (!Double.isFinite(value.getNumberValue())) {
                    throw invalid(path, path + " is " + value.getNumberValue() + ", which JSON cannot carry: "
                                        + "write a finite number");
                }
                return;
            case LIST_VALUE:
                for (int i = 0; i < value.getListValue().getValuesCount(); i++) {
                    requireJson(value.getListValue().getValues(i), path + '[' + i + ']');
                }
                return;
            case STRUCT_VALUE:
                value.getStructValue().getFieldsMap().forEach((key, child) -> requireJson(child, path + '.' + key));
                return;
            case KIND_NOT_SET:
                throw invalid(path, path + " has no value: a google.protobuf.Value must set one of its kinds");
            default:
        }
    }

    private static String describe(Value value) {
        if (value.hasNumberValue()) {
            final double number = value.getNumberValue();
            return number == Math.rint(number) && Math.abs(number) < 1e18 ? Long.toString((long) number)
                                                                          : Double.toString(number);
        }
        if (value.hasStringValue()) {
            return '"' + value.getStringValue() + '"';
        }
        return value.getKindCase().name().toLowerCase(java.util.Locale.ROOT).replace("_value", "");
    }

    private static void requireSchemaMap(Value value, String path) {
        if (!value.hasStructValue()) {
            throw invalid(path, path + " must be an object mapping names to schemas");
        }
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
