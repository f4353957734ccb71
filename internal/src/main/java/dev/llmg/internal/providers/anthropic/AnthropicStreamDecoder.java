package dev.llmg.internal.providers.anthropic;

import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.sse.SseEvent;
import dev.llmg.internal.providers.sse.SseStreamDecoder;

/**
 * Decodes the event stream of Anthropic's Messages API into canonical pieces, in order, as events arrive.
 *
 * <p>{@code message_start} gives the role, id, model and prompt usage; text, thinking and
 * {@code input_json_delta} fragments become content, reasoning and tool-call argument fragments (tool calls
 * numbered from 0 in the order their blocks start, whatever the block index); {@code message_delta} gives the
 * finish reason and the final usage; {@code ping} and {@code message_stop} add nothing; an {@code error} event
 * fails the stream. One decoder serves one response.
 */
final class AnthropicStreamDecoder extends SseStreamDecoder<StreamChatCompletionResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderErrors errors;
    private final ResponseHeaders headers;
    private final String answerTool;
    private final long created;
    /** Content block index to tool-call index; -1 marks the structured-answer tool. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    /** Content block index to the arguments to send at its stop if no input fragment arrives ("{}" or its input). */
    private final Map<Integer, String> pendingInput = new HashMap<>();
    /** The thinking blocks in flight, by block index: their text and signature arrive in pieces. */
    private final Map<Integer, ReasoningBlock.Builder> thinking = new HashMap<>();
    private String id = "";
    private String model = "";
    private JsonNode startUsage;
    private boolean answered;

    AnthropicStreamDecoder(ProviderErrors errors, ResponseHeaders headers, String answerTool, long created) {
        super(errors.scrubber());
        this.errors = errors;
        this.headers = headers;
        this.answerTool = answerTool;
        this.created = created;
    }

    @Override
    protected void onEvent(SseEvent event, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final String data = event.data().strip(); // The API pads data lines with spaces.
        if (data.isEmpty()) {
            return;
        }
        final JsonNode json;
        try {
            json = JSON.readTree(data);
        } catch (IOException e) {
            throw errors.invalidResponse(headers, "a stream event is not JSON", e);
        }
        final String type = text(json, "type").isEmpty() ? event.event() : text(json, "type");
        switch (type) {
            case "message_start": {
                final JsonNode message = object(json, "message");
                id = text(message, "id");
                model = text(message, "model");
                startUsage = object(message, "usage");
                out.add(piece(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT), FinishReason.FINISH_REASON_UNSPECIFIED));
                break;
            }
            case "content_block_start":
                blockStart(integer(json, "index"), object(json, "content_block"), out);
                break;
            case "content_block_delta":
                blockDelta(integer(json, "index"), object(json, "delta"), out);
                break;
            case "content_block_stop":
                blockStop(integer(json, "index"), out);
                break;
            case "message_delta":
                messageDelta(json, out);
                break;
            case "message_stop":
                stop();
                break;
            case "error":
                throw errors.fromStreamError(get(json, "error").isMissingNode() ? json : get(json, "error"), headers);
            default: // ping, and event types added after this was written
                break;
        }
    }

    private void blockStart(int index, JsonNode block, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        switch (text(block, "type")) {
            case "text":
                emitText(text(block, "text"), out);
                break;
            case "thinking":
                thinking.put(index, ReasoningBlock.newBuilder().setText(text(block, "thinking"))
                                                  .setSignature(text(block, "signature")));
                emitReasoning(text(block, "thinking"), out);
                break;
            case "redacted_thinking":
                out.add(piece(Delta.newBuilder().addReasoningBlocks(
                        ReasoningBlock.newBuilder().setRedacted(text(block, "data"))),
                        FinishReason.FINISH_REASON_UNSPECIFIED));
                break;
            case "tool_use": {
                final JsonNode input = get(block, "input");
                pendingInput.put(index, input.isObject() && input.size() > 0 ? input.toString() : "{}");
                if (text(block, "name").equals(answerTool)) {
                    toolCalls.put(index, -1);
                    answered = true;
                    break;
                }
                final int call = (int) toolCalls.values().stream().filter(i -> i >= 0).count();
                toolCalls.put(index, call);
                out.add(piece(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder().setIndex(call)
                        .setId(text(block, "id")).setName(text(block, "name"))), FinishReason.FINISH_REASON_UNSPECIFIED));
                break;
            }
            default:
                break;
        }
    }

    private void blockDelta(int index, JsonNode delta, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        switch (text(delta, "type")) {
            case "text_delta":
                emitText(text(delta, "text"), out);
                break;
            case "thinking_delta": {
                final ReasoningBlock.Builder block = thinking.get(index);
                if (block != null) {
                    block.setText(block.getText() + text(delta, "thinking"));
                }
                emitReasoning(text(delta, "thinking"), out);
                break;
            }
            case "signature_delta": {
                final ReasoningBlock.Builder block = thinking.get(index);
                if (block != null) {
                    block.setSignature(block.getSignature() + text(delta, "signature"));
                }
                break;
            }
            case "input_json_delta":
                final String fragment = text(delta, "partial_json");
                if (fragment.isEmpty() || !toolCalls.containsKey(index)) {
                    break;
                }
                pendingInput.remove(index);
                emitArguments(index, fragment, out);
                break;
            default: // citations_delta
                break;
        }
    }

    private void blockStop(int index, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final ReasoningBlock.Builder block = thinking.remove(index);
        if (block != null) {
            // Its text has streamed as reasoning; the whole block, signed, comes once for the next turn.
            out.add(piece(Delta.newBuilder().addReasoningBlocks(block), FinishReason.FINISH_REASON_UNSPECIFIED));
        }
        final String input = pendingInput.remove(index);
        if (input != null && toolCalls.containsKey(index)) {
            emitArguments(index, input, out); // A call with no input fragments still has arguments: "{}".
        }
    }

    private void messageDelta(JsonNode json, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        FinishReason finish = AnthropicFields.finishReason(text(object(json, "delta"), "stop_reason"));
        if (answered && finish == FinishReason.FINISH_REASON_TOOL_CALLS && !toolCalls.containsValue(0)) {
            finish = FinishReason.FINISH_REASON_STOP;
        }
        final StreamChatCompletionResponse.Builder piece =
                StreamChatCompletionResponse.newBuilder().setId(id).setModel(model).setCreated(created);
        if (finish != FinishReason.FINISH_REASON_UNSPECIFIED) {
            piece.addChoices(ChoiceDelta.newBuilder().setIndex(0).setFinishReason(finish));
        }
        piece.setUsage(usage(object(json, "usage")));
        out.add(piece.build());
    }

    /** Combines the prompt usage of message_start with the final counts; later counts win where both have one. */
    private Usage usage(JsonNode finalUsage) {
        final ObjectNode merged = JSON.createObjectNode();
        if (startUsage != null && startUsage.isObject()) {
            merged.setAll((ObjectNode) startUsage);
        }
        if (finalUsage.isObject()) {
            finalUsage.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    merged.set(field.getKey(), field.getValue());
                }
            });
        }
        return AnthropicFields.usage(merged);
    }

    private void emitText(String text, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        if (!text.isEmpty()) {
            out.add(piece(Delta.newBuilder().setContent(text), FinishReason.FINISH_REASON_UNSPECIFIED));
        }
    }

    private void emitReasoning(String text, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        if (!text.isEmpty()) {
            out.add(piece(Delta.newBuilder().setReasoning(text), FinishReason.FINISH_REASON_UNSPECIFIED));
        }
    }

    private void emitArguments(int index, String fragment, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final int call = toolCalls.get(index);
        final Delta.Builder delta = Delta.newBuilder();
        if (call < 0) {
            delta.setContent(fragment); // The structured answer streams as content.
        } else {
            delta.addToolCalls(ToolCallDelta.newBuilder().setIndex(call).setArguments(fragment));
        }
        out.add(piece(delta, FinishReason.FINISH_REASON_UNSPECIFIED));
    }

    private StreamChatCompletionResponse piece(Delta.Builder delta, FinishReason finish) {
        return StreamChatCompletionResponse.newBuilder()
                                           .setId(id).setModel(model).setCreated(created)
                                           .addChoices(ChoiceDelta.newBuilder().setIndex(0).setDelta(delta)
                                                                  .setFinishReason(finish))
                                           .build();
    }
}
