package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.longValue;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.openai.OpenAiAnnotations;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.internal.openai.OpenAiLogprobs;

/**
 * Turns one {@code chat.completion.chunk} into a canonical stream piece.
 *
 * <p>Chunks that add nothing (no text, no tool-call fragment, no finish reason and no usage, such as the
 * empty-choice trailer some servers put next to usage) are dropped, so every piece a caller receives carries
 * something. Usage is taken from whichever chunk has it: the usage-only final chunk of
 * {@code include_usage}, or the finish chunk of DeepSeek-style servers.
 */
final class OpenAiChunkMapper {

    private OpenAiChunkMapper() {}

    /** Maps a chunk, or returns empty when it carries nothing worth a piece. */
    static Optional<StreamChatCompletionResponse> toPiece(JsonNode chunk) {
        final StreamChatCompletionResponse.Builder piece =
                StreamChatCompletionResponse.newBuilder()
                                            .setId(text(chunk, "id"))
                                            .setModel(text(chunk, "model"))
                                            .setCreated(longValue(chunk, "created"));
        int position = 0;
        for (JsonNode choice : array(chunk, "choices")) {
            final ChoiceDelta choiceDelta = choiceDelta(choice, position++);
            if (choiceDelta.hasDelta() || choiceDelta.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                piece.addChoices(choiceDelta);
            }
        }
        final JsonNode usage = object(chunk, "usage");
        if (!usage.isMissingNode()) {
            piece.setUsage(OpenAiFields.usage(usage));
        }
        FilterResults.of(chunk).ifPresent(piece::setProviderMetadata);
        return piece.getChoicesCount() == 0 && !piece.hasUsage() && !piece.hasProviderMetadata()
               ? Optional.empty() : Optional.of(piece.build());
    }

    private static ChoiceDelta choiceDelta(JsonNode choice, int position) {
        JsonNode delta = object(choice, "delta");
        if (delta.isMissingNode()) {
            delta = object(choice, "message"); // A few servers repeat the whole message in the last chunk.
        }
        final Delta.Builder builder = Delta.newBuilder()
                                           .setContent(text(delta, "content"))
                                           .setReasoning(OpenAiResponseMapper.reasoning(delta))
                                           .setRefusal(text(delta, "refusal"))
                                           .addAllAnnotations(OpenAiAnnotations.read(delta));
        if (has(delta, "role")) {
            builder.setRole(OpenAiFields.role(text(delta, "role")));
        }
        int callPosition = 0;
        for (JsonNode call : array(delta, "tool_calls")) {
            final JsonNode function = object(call, "function");
            builder.addToolCalls(ToolCallDelta.newBuilder()
                                              // Some servers leave out the index of a lone call.
                                              .setIndex(has(call, "index") ? integer(call, "index") : callPosition)
                                              .setId(text(call, "id"))
                                              .setName(text(function, "name"))
                                              .setArguments(text(function, "arguments")));
            callPosition++;
        }
        final ChoiceDelta.Builder choiceDelta =
                ChoiceDelta.newBuilder()
                           .setIndex(has(choice, "index") ? integer(choice, "index") : position)
                           .setFinishReason(OpenAiFields.finishReason(text(choice, "finish_reason")));
        if (OpenAiLogprobs.present(choice)) {
            choiceDelta.setLogprobs(OpenAiLogprobs.read(object(choice, "logprobs")));
        }
        final Delta built = builder.build();
        if (!built.equals(Delta.getDefaultInstance())) {
            choiceDelta.setDelta(built);
        }
        return choiceDelta.build();
    }
}
