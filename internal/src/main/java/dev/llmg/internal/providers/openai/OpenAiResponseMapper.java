package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.longValue;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.openai.OpenAiAnnotations;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.internal.openai.OpenAiLogprobs;

/**
 * Turns the JSON of a whole OpenAI chat completion (and of the model list) into the canonical model.
 *
 * <p>Every field may be missing or null, as hand-written compatible servers show: a null message is an empty
 * assistant message, null content is no content, null usage leaves usage unset (so the gateway can estimate
 * it) and a null function leaves the tool call's name and arguments empty. {@code gateway} is left for the
 * gateway to fill.
 */
final class OpenAiResponseMapper {

    private OpenAiResponseMapper() {}

    /** Maps a {@code chat.completion} object. */
    static CreateChatCompletionResponse toResponse(JsonNode body) {
        final CreateChatCompletionResponse.Builder response =
                CreateChatCompletionResponse.newBuilder()
                                            .setId(text(body, "id"))
                                            .setModel(text(body, "model"))
                                            .setCreated(longValue(body, "created"));
        int position = 0;
        for (JsonNode choice : array(body, "choices")) {
            final Choice.Builder mapped = Choice.newBuilder()
                    .setIndex(has(choice, "index") ? integer(choice, "index") : position)
                    .setMessage(message(object(choice, "message")))
                    .setFinishReason(OpenAiFields.finishReason(text(choice, "finish_reason")));
            if (OpenAiLogprobs.present(choice)) {
                mapped.setLogprobs(OpenAiLogprobs.read(get(choice, "logprobs")));
            }
            response.addChoices(mapped);
            position++;
        }
        final JsonNode usage = object(body, "usage");
        if (!usage.isMissingNode()) {
            response.setUsage(OpenAiFields.usage(usage));
        }
        FilterResults.of(body).ifPresent(response::setProviderMetadata);
        return response.build();
    }

    /** Maps the {@code GET /models} list to the models' ids. */
    static List<String> toModelIds(JsonNode body) {
        final List<String> ids = new ArrayList<>();
        for (JsonNode model : array(body, "data")) {
            final String id = text(model, "id");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Message message(JsonNode message) {
        final Message.Builder builder = Message.newBuilder()
                                               .setRole(OpenAiFields.role(text(message, "role")))
                                               .setRefusal(text(message, "refusal"))
                                               .setReasoning(reasoning(message));
        final JsonNode content = get(message, "content");
        if (content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                builder.addContent(ContentPart.newBuilder().setText(content.textValue()));
            }
        } else if (content.isArray()) {
            // Some compatible servers answer with content parts, as requests may be written.
            for (JsonNode part : content) {
                if ("refusal".equals(text(part, "type"))) {
                    builder.setRefusal(builder.getRefusal() + text(part, "refusal"));
                } else if (has(part, "text")) {
                    builder.addContent(ContentPart.newBuilder().setText(text(part, "text")));
                }
            }
        }
        for (JsonNode call : array(message, "tool_calls")) {
            builder.addToolCalls(toolCall(call));
        }
        builder.addAllAnnotations(OpenAiAnnotations.read(message));
        final JsonNode legacyCall = object(message, "function_call");
        if (!legacyCall.isMissingNode()) {
            // The deprecated functions API has no call id.
            builder.addToolCalls(ToolCall.newBuilder()
                                         .setName(text(legacyCall, "name"))
                                         .setArguments(text(legacyCall, "arguments")));
        }
        return builder.build();
    }

    private static ToolCall toolCall(JsonNode call) {
        final ToolCall.Builder builder = ToolCall.newBuilder().setId(text(call, "id"));
        final JsonNode function = object(call, "function");
        if (!function.isMissingNode()) {
            return builder.setName(text(function, "name")).setArguments(text(function, "arguments")).build();
        }
        final JsonNode custom = object(call, "custom"); // OpenAI's free-form "custom" tools.
        return builder.setName(text(custom, "name")).setArguments(text(custom, "input")).build();
    }

    /** Reads reasoning text: {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (OpenRouter). */
    static String reasoning(JsonNode messageOrDelta) {
        final String reasoningContent = text(messageOrDelta, "reasoning_content");
        return reasoningContent.isEmpty() ? text(messageOrDelta, "reasoning") : reasoningContent;
    }
}
