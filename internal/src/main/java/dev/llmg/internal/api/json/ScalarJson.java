package dev.llmg.internal.api.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * Reads the scalar values of proto3 JSON strictly: each kind of field takes only its own kind of JSON value,
 * never an array or object around it, and numbers must be finite and fit their type.
 *
 * <p>What proto3 JSON allows is kept: integers and floating-point numbers may also be written as strings
 * ({@code "seed":"42"}), enums by name or by number, bytes as base64. What it allows and llmg refuses:
 * {@code "NaN"} and {@code "Infinity"} (no field of the API means anything by them, and they cannot be
 * printed back as JSON numbers), enum numbers or names the enum does not define, and whole numbers written
 * with a fraction or an exponent beyond 2^53, where a double no longer holds them exactly.
 */
final class ScalarJson {

    /** JSON's number grammar, for numbers written as strings. */
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    /** Longer numeric strings are refused before any parsing: no field needs them. */
    private static final int MAX_NUMBER_TEXT = 64;
    private static final double MAX_EXACT_DOUBLE = 9_007_199_254_740_992d; // 2^53
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private static final Map<EnumDescriptor, Map<String, EnumValueDescriptor>> ENUM_NAMES = new ConcurrentHashMap<>();

    private ScalarJson() {}

    /** Reads a value of {@code field}'s scalar type as the object {@code Message.Builder.setField} takes. */
    static Object read(FieldDescriptor field, JsonNode node) {
        switch (field.getType()) {
            case STRING:
                return string(node);
            case BOOL:
                if (!node.isBoolean()) {
                    throw new JsonProblem("must be true or false, not " + describe(node));
                }
                return node.booleanValue();
            case DOUBLE:
                return number(node);
            case FLOAT:
                final double value = number(node);
                if (Math.abs(value) > Float.MAX_VALUE) {
                    throw new JsonProblem("is too large for a float (at most about 3.4e38 either way)");
                }
                return (float) value;
            case INT32:
            case SINT32:
            case SFIXED32:
                return (int) whole(node, Integer.MIN_VALUE, Integer.MAX_VALUE, "a 32-bit integer");
            case UINT32:
            case FIXED32:
                return (int) whole(node, 0, 0xFFFF_FFFFL, "an unsigned 32-bit integer");
            case INT64:
            case SINT64:
            case SFIXED64:
                return whole(node, Long.MIN_VALUE, Long.MAX_VALUE, "a 64-bit integer");
            case UINT64:
            case FIXED64:
                return unsigned64(node);
            case BYTES:
                return bytes(node);
            case ENUM:
                return enumValue(field.getEnumType(), node);
            default:
                throw new IllegalArgumentException("not a scalar: " + field.getFullName());
        }
    }

    /** Reads a string, which must be well-formed Unicode. */
    static String string(JsonNode node) {
        if (!node.isTextual()) {
            throw new JsonProblem("must be a string, not " + describe(node));
        }
        return wellFormed(node.textValue());
    }

    /** Returns {@code text}, or throws if it holds a lone surrogate. */
    static String wellFormed(String text) {
        if (!UnicodeText.isWellFormed(text)) {
            throw new JsonProblem("is not valid Unicode: it holds a lone surrogate (an unpaired \\ud800-\\udfff)");
        }
        return text;
    }

    /** Reads a finite number, from a JSON number or a string holding one. */
    static double number(JsonNode node) {
        final double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            final String text = node.textValue();
            if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
                throw new JsonProblem("must be a finite number, not " + describe(node));
            }
            if (text.length() > MAX_NUMBER_TEXT || !NUMBER.matcher(text).matches()) {
                throw new JsonProblem("must be a number, not " + describe(node));
            }
            value = Double.parseDouble(text);
        } else {
            throw new JsonProblem("must be a number, not " + describe(node));
        }
        return finite(value);
    }

    /** Returns {@code value}, or throws if a JSON number overflowed into an infinity. */
    static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new JsonProblem("is too large: numbers must be finite and fit a double (about 1.8e308 either way)");
        }
        return value;
    }

    /** Reads an enum value by its name or its number; either must be one the enum defines. */
    static EnumValueDescriptor enumValue(EnumDescriptor type, JsonNode node) {
        EnumValueDescriptor value = null;
        if (node.isTextual()) {
            value = ENUM_NAMES.computeIfAbsent(type, ScalarJson::namesOf).get(node.textValue());
        } else if (node.isIntegralNumber() && node.canConvertToInt()) {
            value = type.findValueByNumber(node.intValue());
        }
        if (value == null) {
            throw new JsonProblem("must be one of " + choices(type) + " (or its number), not " + describe(node));
        }
        return value;
    }

    /** Describes a value for messages: its kind, and a short excerpt of a string or number. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            final String text = node.textValue();
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + '"';
        }
        if (node.isNumber()) {
            final String number = node.asText();
            return "the number " + (number.length() > 40 ? number.substring(0, 40) + "..." : number);
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : node.isObject() ? "an object" : node.isNull() ? "null" : "that value";
    }

    private static long whole(JsonNode node, long min, long max, String kind) {
        if (node.isInt() || node.isLong()) { // the usual case, without BigInteger
            final long value = node.longValue();
            if (value < min || value > max) {
                throw outOfRange(kind, min, max, node);
            }
            return value;
        }
        final BigInteger value = bigWhole(node);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw outOfRange(kind, min, max, node);
        }
        return value.longValue();
    }

    private static long unsigned64(JsonNode node) {
        final BigInteger value = bigWhole(node);
        if (value.signum() < 0 || value.compareTo(TWO_TO_64) >= 0) {
            throw new JsonProblem("is out of range for an unsigned 64-bit integer (0 to 18446744073709551615): "
                                  + describe(node));
        }
        return value.longValue(); // the low 64 bits, as protobuf keeps uint64
    }

    private static BigInteger bigWhole(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isFloatingPointNumber()) {
            final double value = finite(node.doubleValue());
            if (value != Math.rint(value)) {
                throw new JsonProblem("must be a whole number, not " + describe(node));
            }
            if (Math.abs(value) > MAX_EXACT_DOUBLE) {
                throw new JsonProblem("must be written without a fraction or exponent (or as a string) when "
                                      + "larger than 2^53, where it may not be exact: " + describe(node));
            }
            return BigInteger.valueOf((long) value);
        }
        if (node.isTextual()) {
            final String text = node.textValue();
            if (text.length() > MAX_NUMBER_TEXT || !NUMBER.matcher(text).matches()) {
                throw new JsonProblem("must be a whole number (or a string holding one), not " + describe(node));
            }
            final BigDecimal decimal = new BigDecimal(text);
            // The range check before any BigInteger: "1e999999999" must not become a billion digits.
            if (decimal.precision() - decimal.scale() > 20) {
                throw new JsonProblem("is out of range: " + describe(node));
            }
            try {
                return decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new JsonProblem("must be a whole number, not " + describe(node));
            }
        }
        throw new JsonProblem("must be a whole number (or a string holding one), not " + describe(node));
    }

    private static JsonProblem outOfRange(String kind, long min, long max, JsonNode node) {
        return new JsonProblem("is out of range for " + kind + " (" + min + " to " + max + "): " + describe(node));
    }

    private static ByteString bytes(JsonNode node) {
        if (!node.isTextual()) {
            throw new JsonProblem("must be a base64 string, not " + describe(node));
        }
        final String text = node.textValue();
        try {
            return ByteString.copyFrom(text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                                       ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new JsonProblem("must be base64, not " + describe(node));
        }
    }

    private static Map<String, EnumValueDescriptor> namesOf(EnumDescriptor type) {
        final Map<String, EnumValueDescriptor> names = new HashMap<>();
        type.getValues().forEach(value -> names.put(value.getName(), value));
        return Map.copyOf(names);
    }

    /** Lists the names to choose from; a zero "..._UNSPECIFIED" is the absent value, not a choice. */
    private static String choices(EnumDescriptor type) {
        final StringJoiner names = new StringJoiner(", ");
        for (EnumValueDescriptor value : type.getValues()) {
            if (value.getNumber() != 0 || !value.getName().endsWith("_UNSPECIFIED")) {
                names.add(value.getName());
            }
        }
        return names.toString();
    }
}
