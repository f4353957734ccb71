package dev.llmg.internal.structured;

import java.util.List;

import dev.llmg.api.gateway.v1.ToolCall;

/**
 * One alternative of an answer as text, whole or streamed so far: what the checks read.
 *
 * @param index the alternative's position, from 0
 * @param content its content's text
 * @param toolCalls its tool calls, arguments as text
 * @param refused whether the model refused instead of answering (a refusal is not JSON, and not checked)
 */
record ChoiceText(int index, String content, List<ToolCall> toolCalls, boolean refused) {

    ChoiceText {
        toolCalls = List.copyOf(toolCalls);
    }
}
