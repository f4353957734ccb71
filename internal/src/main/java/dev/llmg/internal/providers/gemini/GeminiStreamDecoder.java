package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.has;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.sse.SseEvent;
import dev.llmg.internal.providers.sse.SseStreamDecoder;

/**
 * Decodes {@code streamGenerateContent?alt=sse}, where every event is a whole {@code GenerateContentResponse}
 * holding the next part of each candidate, into canonical pieces as events arrive.
 *
 * <p>Text and thoughts become content and reasoning deltas; a function call arrives whole, so it becomes one
 * tool-call delta with id, name and arguments (numbered per candidate in order of arrival). Every event
 * repeats the usage so far; it is reported once, on the first piece that finishes a candidate. An
 * {@code error} event fails the stream. One decoder serves one response.
 */
final class GeminiStreamDecoder extends SseStreamDecoder<StreamChatCompletionResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderErrors errors;
    private final ResponseHeaders headers;
    private final String requestedModel;
    private final long created;
    /** Candidate index to the number of its tool calls so far; a candidate is here once its role was sent. */
    private final Map<Integer, Integer> callsSoFar = new HashMap<>();
    /** The answer text of each candidate so far, against which grounding segments are counted. */
    private final Map<Integer, StringBuilder> texts = new HashMap<>();
    private boolean usageReported;

    GeminiStreamDecoder(ProviderErrors errors, ResponseHeaders headers, String requestedModel, long created) {
        super(errors.scrubber());
        this.errors = errors;
        this.headers = headers;
        this.requestedModel = requestedModel;
        this.created = created;
    }

    @Override
    protected void onEvent(SseEvent event, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final String data = event.data().strip();
        if (data.isEmpty()) {
            return;
        }
        final JsonNode json;
        try {
            json = JSON.readTree(data);
        } catch (IOException e) {
            throw errors.invalidResponse(headers, "a stream event is not JSON", e);
        }
        if (has(json, "error")) {
            stop();
            throw errors.fromStreamError(get(json, "error"), headers);
        }
        final String model = text(json, "modelVersion");
        final StreamChatCompletionResponse.Builder piece =
                StreamChatCompletionResponse.newBuilder().setId(text(json, "responseId"))
                                            .setModel(model.isEmpty() ? requestedModel : model)
                                            .setCreated(created);
        boolean finished = false;
        int position = 0;
        for (JsonNode candidate : array(json, "candidates")) {
            final int index = has(candidate, "index") ? integer(candidate, "index") : position++;
            final int before = callsSoFar.getOrDefault(index, 0);
            final GeminiParts parts = GeminiParts.of(candidate, before);
            final Delta.Builder delta = Delta.newBuilder().setContent(parts.text()).setReasoning(parts.reasoning())
                                             .addAllReasoningBlocks(parts.signatures());
            if (!callsSoFar.containsKey(index)) {
                delta.setRole(Role.ROLE_ASSISTANT);
            }
            for (int i = 0; i < parts.calls().size(); i++) {
                final ToolCall call = parts.calls().get(i);
                delta.addToolCalls(ToolCallDelta.newBuilder().setIndex(before + i).setId(call.getId())
                                                .setName(call.getName()).setArguments(call.getArguments())
                                                .setSignature(call.getSignature()));
            }
            callsSoFar.put(index, before + parts.calls().size());
            final FinishReason finish = GeminiFields.finishReason(text(candidate, "finishReason"), before
                                                                  + parts.calls().size() > 0);
            finished |= finish != FinishReason.FINISH_REASON_UNSPECIFIED;
            // Grounding comes with the last piece, its segments counted in the whole answer's text.
            final StringBuilder answered = texts.computeIfAbsent(index, unused -> new StringBuilder())
                                                .append(parts.text());
            if (GeminiGrounding.present(candidate)) {
                delta.addAllAnnotations(GeminiGrounding.annotations(candidate, answered.toString()));
            }
            final ChoiceDelta.Builder choice = ChoiceDelta.newBuilder().setIndex(index).setDelta(delta)
                                                          .setFinishReason(finish);
            if (GeminiLogprobs.present(candidate)) {
                choice.setLogprobs(GeminiLogprobs.read(candidate));
            }
            piece.addChoices(choice);
        }
        if (piece.getChoicesCount() == 0 && has(object(json, "promptFeedback"), "blockReason")) {
            finished = true;
            piece.addChoices(ChoiceDelta.newBuilder().setIndex(0)
                                        .setDelta(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT))
                                        .setFinishReason(FinishReason.FINISH_REASON_CONTENT_FILTER));
        }
        final JsonNode usage = object(json, "usageMetadata");
        if (finished && !usageReported && !usage.isMissingNode()) {
            piece.setUsage(GeminiFields.usage(usage));
            usageReported = true;
        }
        if (piece.getChoicesCount() > 0 || piece.hasUsage()) {
            out.add(piece.build());
        }
    }
}
