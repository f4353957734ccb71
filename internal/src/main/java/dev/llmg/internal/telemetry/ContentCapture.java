package dev.llmg.internal.telemetry;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.secrets.CredentialScrubber;

/**
 * Writes a call's messages into span attributes in the GenAI conventions' shape ({@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}: JSON arrays of {@code {role, parts}}), only when
 * {@code telemetry.capture_content} opts in: prompts and answers are the callers' data. Credential-shaped
 * text is redacted and each attribute is capped, as for recorded bodies.
 */
final class ContentCapture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CredentialScrubber CREDENTIALS = CredentialScrubber.patternsOnly();

    private final boolean enabled;
    private final int limit;

    ContentCapture(boolean enabled, int limit) {
        this.enabled = enabled;
        this.limit = limit;
    }

    /** Returns whether message contents go into spans. */
    boolean enabled() {
        return enabled;
    }

    /** Returns the request's messages, when capture is on. */
    Optional<String> input(ChatRequest request) {
        if (!enabled) {
            return Optional.empty();
        }
        final ArrayNode messages = JSON.createArrayNode();
        request.getMessagesList().forEach(message -> messages.add(message(message, null)));
        return Optional.of(text(messages));
    }

    /** Returns the answer's messages, when capture is on. */
    Optional<String> output(CreateChatCompletionResponse answer) {
        if (!enabled) {
            return Optional.empty();
        }
        final ArrayNode messages = JSON.createArrayNode();
        for (Choice choice : answer.getChoicesList()) {
            messages.add(message(choice.getMessage(), CallSpans.finishReason(choice.getFinishReason())));
        }
        return Optional.of(text(messages));
    }

    private static ObjectNode message(Message message, String finishReason) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("role", message.getRole().name().substring("ROLE_".length()).toLowerCase(Locale.ROOT));
        final ArrayNode parts = node.putArray("parts");
        for (ContentPart part : message.getContentList()) {
            if (part.hasText()) {
                parts.addObject().put("type", "text").put("content", part.getText());
            } else if (part.hasImageUrl()) {
                final String url = part.getImageUrl().getUrl();
                // An inline image (a data: URL) is megabytes of base64: named, not copied.
                parts.addObject().put("type", "uri").put("modality", "image")
                     .put("uri", url.startsWith("data:") ? "data:(inline image)" : url);
            }
        }
        for (ToolCall call : message.getToolCallsList()) {
            parts.addObject().put("type", "tool_call").put("id", call.getId()).put("name", call.getName())
                 .put("arguments", call.getArguments());
        }
        if (!message.getToolCallId().isEmpty()) {
            parts.addObject().put("type", "tool_call_response").put("id", message.getToolCallId());
        }
        if (finishReason != null) {
            node.put("finish_reason", finishReason);
        }
        return node;
    }

    private String text(ArrayNode messages) {
        return CREDENTIALS.scrub(messages.toString(), limit);
    }
}
