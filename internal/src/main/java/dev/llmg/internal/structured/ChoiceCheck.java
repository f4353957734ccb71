package dev.llmg.internal.structured;

import java.util.List;

/**
 * The checks of one alternative: its content (when JSON was asked for) and each tool call's arguments.
 *
 * @param content the content's check, or null when the content was not checked
 * @param toolCalls one check per tool call, in order
 */
record ChoiceCheck(CheckedValue content, List<CheckedValue> toolCalls) {

    ChoiceCheck {
        toolCalls = List.copyOf(toolCalls);
    }

    /** Returns whether every value checked fits. */
    boolean fits() {
        return (content == null || content.fits()) && toolCalls.stream().allMatch(CheckedValue::fits);
    }
}
