package dev.llmg.internal.providers;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ToolCall;

/**
 * Estimates token counts where no tokenizer is at hand: about four characters of English per token, the
 * rule of thumb providers themselves publish. Good enough for the simulator and for providers that report
 * no usage (their usage is then marked as estimated).
 */
public final class TokenEstimator {

    private static final int CHARS_PER_TOKEN = 4;
    private static final int TOKENS_PER_MESSAGE = 3;

    private TokenEstimator() {}

    /** Estimates the tokens of a piece of text. */
    public static int ofText(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Estimates the prompt tokens of a request, with a small overhead per message as chat formats add. */
    public static int ofPrompt(ChatRequest request) {
        int tokens = 0;
        for (Message message : request.getMessagesList()) {
            tokens += TOKENS_PER_MESSAGE;
            for (ContentPart part : message.getContentList()) {
                tokens += part.hasText() ? ofText(part.getText()) : 85; // a low-detail image costs about 85
            }
            for (ToolCall call : message.getToolCallsList()) {
                tokens += ofText(call.getName()) + ofText(call.getArguments());
            }
        }
        return tokens;
    }
}
