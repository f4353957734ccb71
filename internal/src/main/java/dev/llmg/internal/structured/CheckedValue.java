package dev.llmg.internal.structured;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.StructuredOutputCheck;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;

/**
 * One JSON value of an answer, checked: what was found, and the value read (mended where it needed it).
 *
 * @param check what the check found, as the API reports it
 * @param value the value read, or null when the text held none
 * @param mendedText the value as compact JSON, to pass on instead of the model's text; null when the text
 *                   needs no mending or holds no value
 */
record CheckedValue(StructuredOutputCheck check, JsonNode value, String mendedText) {

    CheckedValue {
        requireNonNull(check, "check");
    }

    /** Returns whether the value fits (as sent, or mended). */
    boolean fits() {
        return check.getStatus() != StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID;
    }
}
