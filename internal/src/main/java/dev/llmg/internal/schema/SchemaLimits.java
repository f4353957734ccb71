package dev.llmg.internal.schema;

/**
 * The ceilings that keep a JSON Schema from a caller harmless to whoever reads it: the check of the request,
 * the simulator that makes up an answer fitting it, and a validator of answers against it.
 *
 * <p>Real tool and response schemas stay far below them (OpenAI's structured outputs take at most 10 levels
 * of nesting and 5,000 properties); a schema above them is a mistake or an attack, and is refused with the
 * keyword's path and the limit.
 *
 * @param maxDepth how deep subschemas may nest (each {@code properties.x}, {@code items}, {@code anyOf[i]}...
 *                 is a level)
 * @param maxSubschemas how many subschemas one schema may hold in all
 * @param maxMinimum the largest {@code minItems}, {@code minLength}, {@code minProperties} or
 *                   {@code minContains}: minimums force output, so each is bounded on its own
 * @param maxPatternLength the longest {@code pattern} or {@code patternProperties} name, in characters
 * @param maxForcedSize the most JSON characters the schema's minimums may force on any answer that fits,
 *                      multiplied through nesting ({@link ForcedSize}); also the most the simulator writes
 */
public record SchemaLimits(int maxDepth, int maxSubschemas, int maxMinimum, int maxPatternLength, int maxForcedSize) {

    /** The limits every schema in a request is held to. */
    public static final SchemaLimits DEFAULT = new SchemaLimits(32, 10_000, 10_000, 1_000, 256 * 1024);

    /** The largest value a maximum ({@code maxItems}, {@code maxLength}...) may have: what an {@code int} holds. */
    public static final long MAX_MAXIMUM = Integer.MAX_VALUE;

    /** Checks that every ceiling is positive. */
    public SchemaLimits {
        if (maxDepth < 1 || maxSubschemas < 1 || maxMinimum < 1 || maxPatternLength < 1 || maxForcedSize < 1) {
            throw new IllegalArgumentException("every schema limit must be positive: " + maxDepth + ", "
                                               + maxSubschemas + ", " + maxMinimum + ", " + maxPatternLength + ", "
                                               + maxForcedSize);
        }
    }
}
