package dev.llmg.internal.structured;

import static java.util.Objects.requireNonNull;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the tolerant reader made of a model's text: the JSON value, and what it had to mend to get it.
 *
 * @param value the value read (for a truncated text, what had arrived, closed at the depth it reached)
 * @param repairs what was mended; empty when the text was one JSON document as the specification has it
 */
public record TolerantJson(JsonNode value, Set<JsonRepair> repairs) {

    /** Checks the parts and keeps an unmodifiable copy of the repairs. */
    public TolerantJson {
        requireNonNull(value, "value");
        repairs = Set.copyOf(repairs);
    }

    /** Returns whether the text ended before the value did (a cut-off answer, or a stream so far). */
    public boolean truncated() {
        return repairs.contains(JsonRepair.TRUNCATED);
    }

    /** Returns whether the text was read as it was, without any repair. */
    public boolean clean() {
        return repairs.isEmpty();
    }
}
