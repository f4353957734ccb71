package dev.llmg.cmd.hostile;

import static dev.llmg.cmd.hostile.Mutation.either;
import static dev.llmg.cmd.hostile.Mutation.refused;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * The malformed values of one field of a proto3 JSON request, chosen by the field's protobuf type.
 *
 * <p>The rule behind each expectation: a value of the wrong JSON type, a one-element array for a scalar, a
 * number out of the field's range or with a fraction where a whole number goes, {@code 1e400}, NaN or an
 * infinity, an enum number or name the enum lacks, and 10,000 nested arrays must be refused. JSON null
 * (proto3's "unset"), numbers written as strings (proto3 JSON allows them), huge or odd text and an empty
 * object may be answered.
 */
final class ProtoJsonMutations {

    private ProtoJsonMutations() {}

    /** Returns the mutations of the value at {@code path}. */
    static List<Mutation> of(FieldPath path, Random random) {
        final List<Mutation> mutations = new ArrayList<>();
        switch (path.shape()) {
            case LIST:
                list(path, mutations);
                break;
            case MAP:
                map(mutations);
                break;
            default:
                value(path, random, mutations);
        }
        return mutations;
    }

    private static void value(FieldPath path, Random random, List<Mutation> out) {
        out.add(path.inList() ? refused("null element", "null") : either("null", "null"));
        if (path.isStruct()) {
            struct(out);
            return;
        }
        final FieldDescriptor field = path.field();
        switch (field.getJavaType()) {
            case STRING:
                out.add(refused("number for string", "42"));
                out.add(refused("boolean for string", "true"));
                out.add(refused("object for string", "{}"));
                out.add(refused("one-element array for string", "[\"x\"]"));
                out.add(refused("10,000 nested arrays", HostileValues.DEEP_ARRAYS));
                out.add(either("200,000 characters", HostileValues.HUGE_STRING));
                out.add(either("lone surrogate", HostileValues.LONE_SURROGATE));
                out.add(either("control characters", HostileValues.CONTROL_CHARACTERS));
                out.add(either("odd code points", HostileValues.oddText(random)));
                break;
            case INT:
            case LONG:
                wholeNumber(field.getJavaType() == FieldDescriptor.JavaType.LONG, out);
                break;
            case FLOAT:
            case DOUBLE:
                wrongTypesForNumber(out);
                out.add(refused("1e400", HostileValues.HUGE_NUMBER));
                out.add(refused("-1e400", "-" + HostileValues.HUGE_NUMBER));
                out.add(refused("NaN", "\"NaN\""));
                out.add(refused("Infinity", "\"Infinity\""));
                out.add(either("1e-400 (underflows to 0)", "1e-400"));
                out.add(either("number as string", "\"0.5\""));
                break;
            case BOOLEAN:
                out.add(refused("string for boolean", "\"true\""));
                out.add(refused("number for boolean", "1"));
                out.add(refused("one-element array for boolean", "[true]"));
                out.add(refused("object for boolean", "{}"));
                break;
            case ENUM:
                enumeration(field, out);
                break;
            case MESSAGE:
                out.add(refused("string for object", "\"x\""));
                out.add(refused("number for object", "1"));
                out.add(refused("boolean for object", "true"));
                out.add(refused("one-element array for object", "[{}]"));
                out.add(refused("10,000 nested arrays", HostileValues.DEEP_ARRAYS));
                out.add(either("empty object", "{}"));
                break;
            default:
                throw new IllegalStateException("no mutations for " + field.getJavaType() + " (" + path + ')');
        }
    }

    private static void wrongTypesForNumber(List<Mutation> out) {
        out.add(refused("string for number", "\"x\""));
        out.add(refused("boolean for number", "true"));
        out.add(refused("one-element array for number", "[1]"));
        out.add(refused("object for number", "{}"));
    }

    private static void wholeNumber(boolean int64, List<Mutation> out) {
        wrongTypesForNumber(out);
        out.add(refused("non-integral", "1.5"));
        out.add(refused("1e400", HostileValues.HUGE_NUMBER));
        if (int64) {
            out.add(refused("out of int64 range", "9223372036854775808"));
            out.add(refused("out of int64 range as string", "\"9223372036854775808\""));
        } else {
            out.add(refused("out of int32 range", "2147483648"));
            out.add(refused("out of int32 range as string", "\"99999999999\""));
        }
        out.add(either("negative", "-1"));
        out.add(either("number as string", "\"7\""));
    }

    private static void enumeration(FieldDescriptor field, List<Mutation> out) {
        final String known = field.getEnumType().getValues().get(1).getName();
        out.add(refused("unknown enum number", "99"));
        out.add(refused("negative enum number", "-1"));
        out.add(refused("non-integral enum number", "1.5"));
        out.add(refused("unknown enum name", "\"NO_SUCH_VALUE\""));
        out.add(refused("enum name in lower case", '"' + known.toLowerCase(Locale.ROOT) + '"'));
        out.add(refused("boolean for enum", "true"));
        out.add(refused("one-element array for enum", "[1]"));
        out.add(refused("object for enum", "{}"));
        out.add(either("known enum number", "1"));
    }

    private static void struct(List<Mutation> out) {
        out.add(refused("string for object", "\"x\""));
        out.add(refused("number for object", "1"));
        out.add(refused("array for object", "[]"));
        out.add(refused("10,000 nested objects", HostileValues.DEEP_OBJECTS));
        out.add(refused("schema nested 100 levels deep",
                        "{\"type\":\"object\",\"properties\":{\"a\":".repeat(100) + "{\"type\":\"string\"}"
                        + "}}".repeat(100)));
        out.add(refused("minimum 1e400", "{\"type\":\"number\",\"minimum\":1e400}"));
        out.add(either("empty object", "{}"));
    }

    private static void list(FieldPath path, List<Mutation> out) {
        final boolean messages = path.field().getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        out.add(either("null list", "null"));
        out.add(either("empty list", "[]"));
        out.add(refused("string for list", "\"x\""));
        out.add(refused("object for list", messages ? "{}" : "{\"a\":1}"));
        out.add(refused("list of null", "[null]"));
        out.add(refused("list in a list", messages ? "[[{}]]" : "[[\"x\"]]"));
        out.add(refused("10,000 nested arrays", HostileValues.DEEP_ARRAYS));
    }

    private static void map(List<Mutation> out) {
        out.add(either("null map", "null"));
        out.add(either("empty map", "{}"));
        out.add(refused("array for map", "[{\"k\":\"v\"}]"));
        out.add(refused("string for map", "\"x\""));
        out.add(refused("object value", "{\"k\":{}}"));
        out.add(either("empty key", "{\"\":\"v\"}"));
        out.add(either("key of 200,000 characters", '{' + HostileValues.HUGE_STRING + ":\"v\"}"));
        final StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 1_000; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        out.add(either("1,000 entries", many.append('}').toString()));
    }
}
