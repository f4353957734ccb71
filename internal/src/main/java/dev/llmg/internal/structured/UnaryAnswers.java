package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ToolCall;

/**
 * Reads a whole answer's alternatives as text for the checks, and writes the findings back into it: the
 * parsed values beside the text, and under a mending policy the mended JSON in place of the model's text.
 */
final class UnaryAnswers {

    private UnaryAnswers() {}

    /** Returns every alternative of {@code answer} as text. */
    static List<ChoiceText> texts(CreateChatCompletionResponse answer) {
        final List<ChoiceText> texts = new ArrayList<>(answer.getChoicesCount());
        for (Choice choice : answer.getChoicesList()) {
            final Message message = choice.getMessage();
            texts.add(new ChoiceText(choice.getIndex(), textOf(message), message.getToolCallsList(),
                                     !message.getRefusal().isEmpty()));
        }
        return texts;
    }

    /** Returns {@code answer} with the parsed values set, and the mended JSON in place when {@code mend}. */
    static CreateChatCompletionResponse rewrite(CreateChatCompletionResponse answer, List<ChoiceCheck> checks,
                                                boolean mend) {
        final CreateChatCompletionResponse.Builder rewritten = answer.toBuilder();
        for (int i = 0; i < checks.size(); i++) {
            final ChoiceCheck check = checks.get(i);
            final Choice.Builder choice = rewritten.getChoicesBuilder(i);
            final Message.Builder message = choice.getMessageBuilder();
            final CheckedValue content = check.content();
            final Value parsed = content == null || content.value() == null ? null
                                                                             : ParsedValues.valueOf(content.value());
            if (parsed != null) {
                choice.setParsed(parsed);
            }
            if (mend && content != null && content.mendedText() != null) {
                message.clearContent().addContent(ContentPart.newBuilder().setText(content.mendedText()));
            }
            for (int k = 0; k < check.toolCalls().size(); k++) {
                final CheckedValue arguments = check.toolCalls().get(k);
                final ToolCall.Builder call = message.getToolCallsBuilder(k);
                final Struct parsedArguments = arguments.value() != null && arguments.value().isObject()
                                               ? ParsedValues.structOf((ObjectNode) arguments.value()) : null;
                if (parsedArguments != null) {
                    call.setParsedArguments(parsedArguments);
                }
                if (mend && arguments.mendedText() != null) {
                    call.setArguments(arguments.mendedText());
                }
            }
        }
        return rewritten.build();
    }

    private static String textOf(Message message) {
        if (message.getContentCount() == 1 && message.getContent(0).hasText()) {
            return message.getContent(0).getText();
        }
        final StringBuilder text = new StringBuilder();
        for (ContentPart part : message.getContentList()) {
            if (part.hasText()) {
                text.append(part.getText());
            }
        }
        return text.toString();
    }
}
