package dev.llmg.internal.providers.simulator;

import java.util.ArrayList;
import java.util.List;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolCallDelta;

/**
 * Cuts a simulated answer into the pieces a stream carries, shaped as real providers send them: the role
 * on the first piece, text word by word, tool-call arguments in fragments after a piece with the call's
 * id and name, the finish reason on its own piece, and the usage last.
 */
final class SimulatedPieces {

    private static final int ARGUMENT_FRAGMENT = 16;

    private SimulatedPieces() {}

    /** Returns the pieces of {@code answer}, each stamped with the completion's id, model and time. */
    static List<StreamChatCompletionResponse> of(SimulatedAnswer answer, StreamChatCompletionResponse header) {
        final List<Delta> deltas = new ArrayList<>();
        for (String text : answer.textPieces()) {
            deltas.add(Delta.newBuilder().setContent(text).build());
        }
        for (int index = 0; index < answer.toolCalls().size(); index++) {
            final ToolCall call = answer.toolCalls().get(index);
            deltas.add(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder().setIndex(index)
                                                                    .setId(call.getId()).setName(call.getName()))
                            .build());
            final String arguments = call.getArguments();
            for (int from = 0; from < arguments.length(); from += ARGUMENT_FRAGMENT) {
                final String fragment = arguments.substring(from, Math.min(arguments.length(), from + ARGUMENT_FRAGMENT));
                deltas.add(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder().setIndex(index)
                                                                        .setArguments(fragment)).build());
            }
        }
        if (deltas.isEmpty()) {
            deltas.add(Delta.getDefaultInstance());
        }
        deltas.set(0, deltas.get(0).toBuilder().setRole(Role.ROLE_ASSISTANT).build());

        final List<StreamChatCompletionResponse> pieces = new ArrayList<>(deltas.size() + 2);
        for (Delta delta : deltas) {
            pieces.add(header.toBuilder().addChoices(ChoiceDelta.newBuilder().setDelta(delta)).build());
        }
        pieces.add(header.toBuilder().addChoices(ChoiceDelta.newBuilder().setDelta(Delta.getDefaultInstance())
                                                            .setFinishReason(answer.finishReason()))
                         .build());
        pieces.add(header.toBuilder().setUsage(answer.usage()).build());
        return pieces;
    }
}
