package dev.llmg.internal.structured;

import java.util.List;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StructuredOutputCheck;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.api.gateway.v1.ToolCall;

/**
 * Writes the turn that asks a model to correct a structured answer that did not fit: its answer goes back as
 * it was, followed by what the validator said, the way a person would point out the mistake. Tool calls with
 * bad arguments are answered by tool messages carrying the error (the model then calls again); bad content by a
 * user message.
 */
final class CorrectionTurn {

    private CorrectionTurn() {}

    /** Returns {@code sent} followed by the rejected answer and the correction. */
    static ChatRequest after(ChatRequest sent, Message rejected, StructuredOutputResult result) {
        final ChatRequest.Builder next = sent.toBuilder().addMessages(rejected);
        boolean badCalls = false;
        StructuredOutputCheck badContent = null;
        for (StructuredOutputCheck check : result.getChecksList()) {
            if (check.getChoice() != 0 || check.getStatus() != StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID) {
                continue;
            }
            if (check.hasToolCall()) {
                badCalls = true;
            } else {
                badContent = check;
            }
        }
        if (rejected.getToolCallsCount() > 0) {
            final List<ToolCall> calls = rejected.getToolCallsList();
            for (int i = 0; i < calls.size(); i++) {
                next.addMessages(Message.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId(calls.get(i).getId())
                                        .addContent(text(toolResult(result, i, badCalls))));
            }
        }
        if (badContent != null) {
            next.addMessages(Message.newBuilder().setRole(Role.ROLE_USER).addContent(text(
                    "Your answer does not fit the required JSON format:\n" + bullets(badContent.getErrorsList())
                    + "Answer again with only the corrected JSON value: no prose and no Markdown code fences.")));
        }
        return next.build();
    }

    private static String toolResult(StructuredOutputResult result, int call, boolean badCalls) {
        for (StructuredOutputCheck check : result.getChecksList()) {
            if (check.getChoice() == 0 && check.hasToolCall() && check.getToolCall() == call
                && check.getStatus() == StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID) {
                return "Error: not run, because these arguments do not fit the tool's parameters schema:\n"
                       + bullets(check.getErrorsList()) + "Call the tool again with arguments that fit.";
            }
        }
        return badCalls ? "Not run: another tool call of this turn had arguments that do not fit. Make this call "
                          + "again together with the corrected ones."
                        : "Not run: your answer must be corrected first.";
    }

    private static String bullets(List<String> errors) {
        final StringBuilder text = new StringBuilder();
        for (String error : errors) {
            text.append("- ").append(error).append('\n');
        }
        return text.toString();
    }

    private static ContentPart text(String text) {
        return ContentPart.newBuilder().setText(text).build();
    }
}
