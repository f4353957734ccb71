package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;

/**
 * Turns a whole {@code GenerateContentResponse} into the canonical response: each candidate becomes a choice
 * ({@link GeminiParts}), {@code responseId} the id, {@code modelVersion} the model and {@code usageMetadata}
 * the usage. A prompt blocked before any candidate answers as one empty choice stopped by the content filter.
 */
final class GeminiResponseMapper {

    private GeminiResponseMapper() {}

    /** Maps the response; {@code requestedModel} stands in when the answer names no model version. */
    static CreateChatCompletionResponse toResponse(JsonNode body, String requestedModel, long created) {
        final String model = text(body, "modelVersion");
        final CreateChatCompletionResponse.Builder response =
                CreateChatCompletionResponse.newBuilder()
                                            .setId(text(body, "responseId"))
                                            .setModel(model.isEmpty() ? requestedModel : model)
                                            .setCreated(created);
        int position = 0;
        for (JsonNode candidate : array(body, "candidates")) {
            final GeminiParts parts = GeminiParts.of(candidate, 0);
            final Message.Builder message = Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                                   .setReasoning(parts.reasoning())
                                                   .addAllReasoningBlocks(parts.signatures())
                                                   .addAllToolCalls(parts.calls());
            if (!parts.text().isEmpty()) {
                message.addContent(ContentPart.newBuilder().setText(parts.text()));
            }
            message.addAllAnnotations(GeminiGrounding.annotations(candidate, parts.text()));
            final Choice.Builder choice = Choice.newBuilder()
                    .setIndex(has(candidate, "index") ? integer(candidate, "index") : position)
                    .setMessage(message)
                    .setFinishReason(GeminiFields.finishReason(text(candidate, "finishReason"),
                                                               !parts.calls().isEmpty()));
            if (GeminiLogprobs.present(candidate)) {
                choice.setLogprobs(GeminiLogprobs.read(candidate));
            }
            response.addChoices(choice);
            position++;
        }
        if (response.getChoicesCount() == 0 && has(object(body, "promptFeedback"), "blockReason")) {
            response.addChoices(Choice.newBuilder().setIndex(0)
                                      .setMessage(Message.newBuilder().setRole(Role.ROLE_ASSISTANT))
                                      .setFinishReason(FinishReason.FINISH_REASON_CONTENT_FILTER));
        }
        final JsonNode usage = object(body, "usageMetadata");
        if (!usage.isMissingNode()) {
            response.setUsage(GeminiFields.usage(usage));
        }
        return response.build();
    }
}
