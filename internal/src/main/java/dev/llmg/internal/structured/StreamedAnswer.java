package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.llmg.api.gateway.v1.Annotation;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolCallDelta;

/**
 * A streamed answer put together piece by piece: each alternative's content, reasoning, refusal and tool calls
 * (fragments joined per call index), so that it can be checked once whole, sent back in a correction turn,
 * or replayed as pieces. One instance serves one attempt's stream, on one thread at a time.
 */
public final class StreamedAnswer {

    private final Map<Integer, Parts> choices = new TreeMap<>();
    private final List<StreamChatCompletionResponse> choiceless = new ArrayList<>();
    private StreamChatCompletionResponse header;

    /** Adds a piece. */
    public void add(StreamChatCompletionResponse piece) {
        if (header == null) {
            header = StreamChatCompletionResponse.newBuilder().setId(piece.getId()).setModel(piece.getModel())
                                                 .setCreated(piece.getCreated()).build();
        }
        if (piece.getChoicesCount() == 0) {
            choiceless.add(piece);
            return;
        }
        for (ChoiceDelta choice : piece.getChoicesList()) {
            parts(choice.getIndex()).add(choice);
        }
        if (piece.hasUsage()) {
            choiceless.add(StreamChatCompletionResponse.newBuilder(header).setUsage(piece.getUsage()).build());
        }
    }

    /** Returns the text of the alternative at {@code index} so far. */
    ChoiceText text(int index) {
        return parts(index).text(index);
    }

    /** Returns the content of the alternative at {@code index} so far. */
    String content(int index) {
        return parts(index).content.toString();
    }

    /** Returns the length of the content of the alternative at {@code index} so far. */
    int contentLength(int index) {
        return parts(index).content.length();
    }

    /** Returns the arguments so far of tool call {@code call} of the alternative at {@code index}. */
    String arguments(int index, int call) {
        final CallParts parts = parts(index).calls.get(call);
        return parts == null ? "" : parts.arguments.toString();
    }

    /** Returns every alternative's text so far. */
    List<ChoiceText> texts() {
        final List<ChoiceText> texts = new ArrayList<>(choices.size());
        choices.forEach((index, parts) -> texts.add(parts.text(index)));
        return texts;
    }

    /**
     * Returns the first alternative as the assistant message it amounts to, to send back in a correction turn or
     * to keep in a conversation.
     */
    public Message message() {
        final Parts first = choices.isEmpty() ? new Parts() : choices.values().iterator().next();
        final Message.Builder message = Message.newBuilder().setRole(Role.ROLE_ASSISTANT);
        if (first.content.length() > 0) {
            message.addContent(ContentPart.newBuilder().setText(first.content.toString()));
        }
        // The reasoning goes back with the message: signed thinking must reach the provider again unchanged.
        message.setReasoning(first.reasoning.toString()).addAllReasoningBlocks(first.reasoningBlocks)
               .addAllAnnotations(first.annotations);
        first.calls.values().forEach(call -> message.addToolCalls(call.whole()));
        return message.build();
    }

    /**
     * Returns the answer as few pieces: one per alternative with its whole content (the mended JSON where
     * {@code checks} has it and {@code mend} is set) and tool calls, then the usage. An answer held back
     * until it was checked reaches the caller this way.
     */
    List<StreamChatCompletionResponse> replay(List<ChoiceCheck> checks, boolean mend) {
        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        int i = 0;
        for (Map.Entry<Integer, Parts> entry : choices.entrySet()) {
            final ChoiceCheck check = i < checks.size() ? checks.get(i) : null;
            i++;
            pieces.add(StreamChatCompletionResponse.newBuilder(header)
                                                   .addChoices(entry.getValue().whole(entry.getKey(), check, mend))
                                                   .build());
        }
        pieces.addAll(choiceless);
        return pieces;
    }

    private Parts parts(int index) {
        return choices.computeIfAbsent(index, unused -> new Parts());
    }

    /** One alternative's parts. */
    private static final class Parts {
        final StringBuilder content = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final StringBuilder refusal = new StringBuilder();
        final Map<Integer, CallParts> calls = new TreeMap<>();
        final List<ReasoningBlock> reasoningBlocks = new ArrayList<>();
        final List<Annotation> annotations = new ArrayList<>();
        FinishReason finishReason = FinishReason.FINISH_REASON_UNSPECIFIED;

        void add(ChoiceDelta choice) {
            final Delta delta = choice.getDelta();
            content.append(delta.getContent());
            reasoning.append(delta.getReasoning());
            refusal.append(delta.getRefusal());
            reasoningBlocks.addAll(delta.getReasoningBlocksList());
            annotations.addAll(delta.getAnnotationsList());
            for (ToolCallDelta call : delta.getToolCallsList()) {
                calls.computeIfAbsent(call.getIndex(), unused -> new CallParts()).add(call);
            }
            if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                finishReason = choice.getFinishReason();
            }
        }

        ChoiceText text(int index) {
            final List<ToolCall> whole = new ArrayList<>(calls.size());
            calls.values().forEach(call -> whole.add(call.whole()));
            return new ChoiceText(index, content.toString(), whole, refusal.length() > 0);
        }

        ChoiceDelta whole(int index, ChoiceCheck check, boolean mend) {
            final CheckedValue checkedContent = check == null ? null : check.content();
            final Delta.Builder delta = Delta.newBuilder().setRole(Role.ROLE_ASSISTANT)
                    .setContent(mend && checkedContent != null && checkedContent.mendedText() != null
                                ? checkedContent.mendedText() : content.toString())
                    .setReasoning(reasoning.toString()).setRefusal(refusal.toString())
                    .addAllReasoningBlocks(reasoningBlocks).addAllAnnotations(annotations);
            int k = 0;
            for (Map.Entry<Integer, CallParts> call : calls.entrySet()) {
                final CheckedValue arguments = check != null && k < check.toolCalls().size() ? check.toolCalls().get(k)
                                                                                            : null;
                k++;
                final ToolCall whole = call.getValue().whole();
                delta.addToolCalls(ToolCallDelta.newBuilder().setIndex(call.getKey()).setId(whole.getId())
                                                .setName(whole.getName()).setSignature(whole.getSignature())
                                                .setArguments(mend && arguments != null && arguments.mendedText() != null
                                                              ? arguments.mendedText() : whole.getArguments()));
            }
            return ChoiceDelta.newBuilder().setIndex(index).setDelta(delta).setFinishReason(finishReason).build();
        }
    }

    /** One tool call's fragments. */
    private static final class CallParts {
        String id = "";
        String name = "";
        String signature = "";
        final StringBuilder arguments = new StringBuilder();

        void add(ToolCallDelta fragment) {
            if (!fragment.getId().isEmpty()) {
                id = fragment.getId();
            }
            if (!fragment.getName().isEmpty()) {
                name = fragment.getName();
            }
            if (!fragment.getSignature().isEmpty()) {
                signature = fragment.getSignature();
            }
            arguments.append(fragment.getArguments());
        }

        ToolCall whole() {
            return ToolCall.newBuilder().setId(id).setName(name).setArguments(arguments.toString())
                           .setSignature(signature).build();
        }
    }
}
