package dev.llmg.internal.providers.openai;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.TokenEstimator;

/**
 * Estimates the usage of answers from compatible servers that report none, and marks it as estimated, so that
 * usage records and cost routing never see a silent zero.
 */
final class UsageEstimate {

    private UsageEstimate() {}

    /** Estimates the usage of a whole answer. */
    static Usage of(ChatRequest request, CreateChatCompletionResponse response) {
        int output = 0;
        for (Choice choice : response.getChoicesList()) {
            for (ContentPart part : choice.getMessage().getContentList()) {
                output += TokenEstimator.ofText(part.getText());
            }
            output += TokenEstimator.ofText(choice.getMessage().getReasoning());
            for (ToolCall call : choice.getMessage().getToolCallsList()) {
                output += TokenEstimator.ofText(call.getName()) + TokenEstimator.ofText(call.getArguments());
            }
        }
        return usage(TokenEstimator.ofPrompt(request), output);
    }

    /**
     * Adds an estimate to the piece that finishes the answer when no piece before it carried usage; a usage
     * trailer that comes later still wins, as callers keep the last usage they see.
     */
    static StreamMessage<StreamChatCompletionResponse> fillIn(ChatRequest request,
                                                              StreamMessage<StreamChatCompletionResponse> pieces) {
        final AtomicBoolean reported = new AtomicBoolean();
        final AtomicInteger outputChars = new AtomicInteger();
        return pieces.map(piece -> {
            if (piece.hasUsage()) {
                reported.set(true);
                return piece;
            }
            boolean finished = false;
            for (ChoiceDelta choice : piece.getChoicesList()) {
                outputChars.addAndGet(choice.getDelta().getContent().length()
                                      + choice.getDelta().getReasoning().length());
                for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
                    outputChars.addAndGet(call.getName().length() + call.getArguments().length());
                }
                finished |= choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED;
            }
            if (!finished || reported.get()) {
                return piece;
            }
            reported.set(true); // A repeated finish reason (some servers send two) gets no second estimate.
            final int output = (outputChars.get() + 3) / 4;
            return piece.toBuilder().setUsage(usage(TokenEstimator.ofPrompt(request), output)).build();
        });
    }

    private static Usage usage(int input, int output) {
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setTotalTokens(input + output)
                    .setEstimated(true).build();
    }
}
