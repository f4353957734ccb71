package dev.llmg.cmd.hostile;

import static dev.llmg.cmd.hostile.Mutation.either;
import static dev.llmg.cmd.hostile.Mutation.refused;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The malformed values of one field of an OpenAI-style request, chosen by the JSON type of the field's value
 * in the valid base body (OpenAI's API has no schema at hand here; the base body is its field list).
 *
 * <p>The rules follow {@link ProtoJsonMutations}, with OpenAI's strictness: numbers written as strings are
 * refused, and a value of another JSON type is accepted only on the fields whose type is a union in OpenAI's
 * API ({@code content}, {@code stop}, {@code tool_choice}, {@code image_url}, {@code input}), and on a tool
 * call's {@code arguments}, which llmg also takes as an object. An unknown value
 * of a field that takes a fixed set of words ({@code role}, {@code type}, {@code detail},
 * {@code encoding_format}) must be refused.
 */
final class OpenAiJsonMutations {

    /** The fields whose value may be a string, an array or an object in OpenAI's API. */
    static final Set<String> UNIONS = Set.of("content", "stop", "tool_choice", "image_url", "input",
                                             "arguments"); // llmg takes the arguments as an object too, on purpose

    /** The fields that take one of a fixed set of words. */
    static final Set<String> WORDS = Set.of("role", "type", "detail", "encoding_format");

    /** The fields that hold a JSON Schema, mutated as a whole rather than keyword by keyword. */
    static final Set<String> SCHEMAS = Set.of("parameters", "schema");

    private OpenAiJsonMutations() {}

    /** Returns the mutations of the field {@code name}, whose valid value is {@code base}. */
    static List<Mutation> of(String name, JsonNode base, boolean inList, Random random) {
        final boolean union = UNIONS.contains(name);
        final List<Mutation> out = new ArrayList<>();
        out.add(inList ? refused("null element", "null") : either("null", "null"));
        if (base.isTextual()) {
            out.add(wrongType(union, "number for string", "42"));
            out.add(wrongType(false, "boolean for string", "true"));
            out.add(wrongType(union, "object for string", "{}"));
            out.add(wrongType(union, "one-element array for string", "[\"x\"]"));
            out.add(refused("10,000 nested arrays", HostileValues.DEEP_ARRAYS));
            out.add(either("200,000 characters", HostileValues.HUGE_STRING));
            out.add(either("lone surrogate", HostileValues.LONE_SURROGATE));
            out.add(either("control characters", HostileValues.CONTROL_CHARACTERS));
            out.add(either("odd code points", HostileValues.oddText(random)));
            out.add(WORDS.contains(name) ? refused("unknown word", "\"no-such-value\"")
                                         : either("other text", "\"no-such-value\""));
        } else if (base.isIntegralNumber()) {
            wrongTypesForNumber(out);
            out.add(refused("non-integral", "1.5"));
            out.add(refused("1e400", HostileValues.HUGE_NUMBER));
            out.add(refused("beyond int64", "18446744073709551616"));
            out.add(either("beyond int32", "2147483648"));
            out.add(either("negative", "-1"));
        } else if (base.isNumber()) {
            wrongTypesForNumber(out);
            out.add(refused("1e400", HostileValues.HUGE_NUMBER));
            out.add(refused("-1e400", "-" + HostileValues.HUGE_NUMBER));
            out.add(either("1e-400 (underflows to 0)", "1e-400"));
            out.add(either("negative zero", "-0.0"));
        } else if (base.isBoolean()) {
            out.add(refused("string for boolean", "\"true\""));
            out.add(refused("number for boolean", "1"));
            out.add(refused("one-element array for boolean", "[true]"));
            out.add(refused("object for boolean", "{}"));
        } else if (base.isObject() && SCHEMAS.contains(name)) {
            out.add(refused("string for schema", "\"x\""));
            out.add(refused("array for schema", "[]"));
            out.add(refused("10,000 nested objects", HostileValues.DEEP_OBJECTS));
            out.add(refused("schema nested 100 levels deep",
                            "{\"type\":\"object\",\"properties\":{\"a\":".repeat(100) + "{\"type\":\"string\"}"
                            + "}}".repeat(100)));
            out.add(refused("minimum 1e400", "{\"type\":\"number\",\"minimum\":1e400}"));
            out.add(either("empty schema", "{}"));
        } else if (base.isObject()) {
            out.add(wrongType(union, "string for object", "\"x\""));
            out.add(refused("number for object", "1"));
            out.add(wrongType(union, "array for object", "[]"));
            out.add(refused("10,000 nested arrays", HostileValues.DEEP_ARRAYS));
            out.add(either("empty object", "{}"));
        } else if (base.isArray()) {
            out.add(wrongType(union, "string for array", "\"x\""));
            out.add(refused("object for array", "{\"a\":1}"));
            out.add(refused("array of null", "[null]"));
            out.add(wrongType(union && !name.equals("content"), "array in an array", "[[\"x\"]]"));
            out.add(refused("10,000 nested arrays", HostileValues.DEEP_ARRAYS));
            out.add(either("empty array", "[]"));
        }
        return out;
    }

    private static Mutation wrongType(boolean union, String name, String json) {
        return union ? either(name, json) : refused(name, json);
    }

    private static void wrongTypesForNumber(List<Mutation> out) {
        out.add(refused("string for number", "\"x\""));
        out.add(refused("number as string", "\"1\""));
        out.add(refused("boolean for number", "true"));
        out.add(refused("one-element array for number", "[1]"));
        out.add(refused("object for number", "{}"));
    }
}
