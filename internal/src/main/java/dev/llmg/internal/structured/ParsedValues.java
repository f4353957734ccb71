package dev.llmg.internal.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.internal.providers.json.StructJson;

/**
 * Puts a value read from a model's answer beside the text, as protobuf's {@link Value} or {@link Struct}. A
 * model can write what protobuf's JSON cannot carry (a number such as {@code 1e400}, beyond a double): such a
 * value is simply not set, the text and the check still say what the model wrote.
 */
final class ParsedValues {

    private ParsedValues() {}

    /** Returns {@code value} as a protobuf value, or null when it holds a number no double can carry. */
    static Value valueOf(JsonNode value) {
        try {
            return StructJson.toValue(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Returns {@code object} as a protobuf struct, or null when it holds a number no double can carry. */
    static Struct structOf(ObjectNode object) {
        try {
            return StructJson.toStruct(object);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
