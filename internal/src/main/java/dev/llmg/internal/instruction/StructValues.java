package dev.llmg.internal.instruction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * Turns a request's {@code variables} into what templates read: maps, lists, strings, booleans and numbers, a whole
 * number written without a fraction ({@code 3}, not {@code 3.0}), since JSON and protobuf keep every number as a
 * double.
 */
final class StructValues {

    private StructValues() {}

    /** Returns {@code struct} as a map of names to plain values. */
    static Map<String, Object> of(Struct struct) {
        final Map<String, Object> map = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((name, value) -> map.put(name, of(value)));
        return map;
    }

    private static Object of(Value value) {
        return switch (value.getKindCase()) {
            case STRUCT_VALUE -> of(value.getStructValue());
            case LIST_VALUE -> of(value.getListValue());
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case NUMBER_VALUE -> number(value.getNumberValue());
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }

    private static List<Object> of(ListValue list) {
        final List<Object> items = new ArrayList<>(list.getValuesCount());
        list.getValuesList().forEach(item -> items.add(of(item)));
        return items;
    }

    private static Object number(double number) {
        if (number == Math.rint(number) && !Double.isInfinite(number) && Math.abs(number) < 1e15) {
            return (long) number;
        }
        return number;
    }
}
