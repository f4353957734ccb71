package dev.llmg.internal.structured;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What llmg made of a structured answer: the value it read, what it mended to get it, and what still does not fit
 * the request (its schema, or json_object's "an object"). The gateway decides from these whether to pass the
 * answer on, rewrite it with {@link #json()}, retry the model with {@link #errors()}, or fail.
 *
 * @param value the value read and mended; null when the answer held no JSON value
 * @param repairs what was mended (by the reader and by the schema); empty for an answer that was valid JSON as sent
 * @param errors why the value does not fit (validator messages, a cut-off answer, no value at all); empty when it
 *     fits
 */
public record StructuredValue(JsonNode value, Set<JsonRepair> repairs, List<String> errors) {

    /** The error of an answer in which no JSON value could be found. */
    public static final String NO_VALUE = "the answer holds no JSON value";
    /** The error of an answer that ended inside its value, which is never valid however well the rest fits. */
    public static final String CUT_OFF = "the answer was cut off (the text ended inside the value)";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps unmodifiable copies of the repairs and errors. */
    public StructuredValue {
        repairs = Set.copyOf(repairs);
        errors = List.copyOf(errors);
    }

    /** Returns the result for an answer in which no JSON value could be found. */
    static StructuredValue unreadable() {
        return new StructuredValue(null, Set.of(), List.of(NO_VALUE));
    }

    /** Returns whether a JSON value was read. */
    public boolean parsed() {
        return value != null;
    }

    /** Returns whether the answer ended inside its value. */
    public boolean truncated() {
        return repairs.contains(JsonRepair.TRUNCATED);
    }

    /** Returns whether the value was read whole and fits the request. */
    public boolean valid() {
        return parsed() && errors.isEmpty() && !truncated();
    }

    /** Returns whether a value was read and something had to be mended for it, whether or not it now fits. */
    public boolean repaired() {
        return parsed() && !repairs.isEmpty();
    }

    /** Returns the value as compact JSON text, for answers llmg rewrites; null when no value was read. */
    public String json() {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
