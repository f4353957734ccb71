package dev.llmg.internal.structured;

/**
 * A kind of breakage the tolerant reader mended in a model's JSON, reported with the value so that an answer
 * that needed mending is never passed off as one that did not.
 */
public enum JsonRepair {
    /** The JSON was wrapped in a Markdown code fence. */
    CODE_FENCE,
    /** Prose came before or after the JSON value. */
    SURROUNDING_TEXT,
    /** A comma stood before a closing bracket or brace. */
    TRAILING_COMMA,
    /** A string was in single quotes. */
    SINGLE_QUOTES,
    /** A comment ({@code //} or {@code /* *}{@code /}) was skipped. */
    COMMENT,
    /** An object key had no quotes. */
    UNQUOTED_KEY,
    /** A string held a raw control character (a line break), kept as the character it is. */
    RAW_CONTROL_CHARACTER,
    /** A comma was missing between two members or elements. */
    MISSING_COMMA,
    /** The text ended inside the value, which was closed at the depth it had reached. */
    TRUNCATED,
    /** The schema wanted an object and the value was an array holding just that object, which was taken out. */
    UNWRAPPED_ARRAY,
    /** A number or boolean came as a string ({@code "42"}, {@code "true"}) where the schema wanted the value. */
    STRING_AS_NUMBER
}
