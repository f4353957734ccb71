package dev.llmg.internal.schema;

import com.google.protobuf.Value;

/** Counts the characters a value takes written as compact JSON, at most (numbers as the longest). */
final class JsonLength {

    private JsonLength() {}

    /** Returns the length of {@code value} as JSON, saturating. */
    static long of(Value value) {
        switch (value.getKindCase()) {
            case BOOL_VALUE: return 5;
            case NUMBER_VALUE: return ForcedSize.NUMBER;
            case STRING_VALUE: return ofText(value.getStringValue());
            case LIST_VALUE: {
                long total = 2 + Math.max(0, value.getListValue().getValuesCount() - 1);
                for (Value element : value.getListValue().getValuesList()) {
                    total = ForcedSize.plus(total, of(element));
                }
                return total;
            }
            case STRUCT_VALUE: {
                long total = 2 + Math.max(0, value.getStructValue().getFieldsCount() - 1);
                for (var field : value.getStructValue().getFieldsMap().entrySet()) {
                    total = ForcedSize.plus(total, ofText(field.getKey()) + 1 + of(field.getValue()));
                }
                return total;
            }
            default: return 4; // null, or no value at all, written as null
        }
    }

    /** Returns the length of {@code text} as a JSON string: quotes, and escapes for quotes and controls. */
    static long ofText(String text) {
        long length = 2;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            length += c < 0x20 ? 6 : c == '"' || c == '\\' ? 2 : 1;
        }
        return length;
    }
}
