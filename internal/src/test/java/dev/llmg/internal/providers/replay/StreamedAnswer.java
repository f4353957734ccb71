package dev.llmg.internal.providers.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Reassembles streamed pieces of choice 0 the way a caller would: text appended, tool calls joined by index
 * (id and name from their first fragment, arguments appended), the last finish reason and usage kept.
 */
public final class StreamedAnswer {

    public final List<StreamChatCompletionResponse> pieces;
    public final StringBuilder content = new StringBuilder();
    public final StringBuilder reasoning = new StringBuilder();
    public final Map<Integer, ToolCall.Builder> toolCalls = new TreeMap<>();
    public Role role = Role.ROLE_UNSPECIFIED;
    public FinishReason finishReason = FinishReason.FINISH_REASON_UNSPECIFIED;
    public Usage usage;

    public StreamedAnswer(List<StreamChatCompletionResponse> pieces) {
        this.pieces = pieces;
        for (StreamChatCompletionResponse piece : pieces) {
            if (piece.hasUsage()) {
                usage = piece.getUsage();
            }
            for (ChoiceDelta choice : piece.getChoicesList()) {
                if (choice.getIndex() != 0) {
                    continue;
                }
                if (choice.getDelta().getRole() != Role.ROLE_UNSPECIFIED) {
                    role = choice.getDelta().getRole();
                }
                content.append(choice.getDelta().getContent());
                reasoning.append(choice.getDelta().getReasoning());
                for (ToolCallDelta fragment : choice.getDelta().getToolCallsList()) {
                    final ToolCall.Builder call = toolCalls.computeIfAbsent(fragment.getIndex(),
                                                                            unused -> ToolCall.newBuilder());
                    if (!fragment.getId().isEmpty()) {
                        call.setId(fragment.getId());
                    }
                    if (!fragment.getName().isEmpty()) {
                        call.setName(fragment.getName());
                    }
                    call.setArguments(call.getArguments() + fragment.getArguments());
                }
                if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                    finishReason = choice.getFinishReason();
                }
            }
        }
    }

    public List<ToolCall> toolCalls() {
        final List<ToolCall> calls = new ArrayList<>();
        toolCalls.values().forEach(call -> calls.add(call.build()));
        return calls;
    }

    public StreamChatCompletionResponse last() {
        return pieces.get(pieces.size() - 1);
    }
}
