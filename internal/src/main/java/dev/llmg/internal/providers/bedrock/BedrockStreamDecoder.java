package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.providers.http.ProviderErrors;

/**
 * Decodes ConverseStream's {@code application/vnd.amazon.eventstream} body into canonical pieces as its bytes
 * arrive; each frame's {@code :event-type} says what its JSON payload is.
 *
 * <p>Frames are cut and checked by {@link EventStreamDecoder}. {@code messageStart} gives the role; text and
 * reasoning deltas become content and reasoning; a {@code toolUse} block start gives a call's id and name, and
 * its {@code input} deltas are the argument fragments (a call with none gets {@code {}} at its stop);
 * {@code messageStop} gives the finish reason and {@code metadata} the usage. Reasoning text streams as it comes;
 * its signature (or redacted content) comes in later deltas of the same block, and the whole block, text and
 * signature, goes out once on the piece for the block's {@code contentBlockStop}, to be sent back on the next
 * turn. One decoder serves one response.
 */
final class BedrockStreamDecoder extends EventStreamDecoder<StreamChatCompletionResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String model;
    private final long created;
    /** Content block index to tool-call index, numbered from 0 in the order the calls start. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    /** Content block index of a call that has had no input fragment yet. */
    private final Map<Integer, Boolean> withoutInput = new HashMap<>();
    /** Content block index to the reasoning block it is building. */
    private final Map<Integer, Reasoning> reasoning = new HashMap<>();

    BedrockStreamDecoder(ProviderErrors errors, ResponseHeaders headers, String id, String model, long created) {
        super(errors, headers);
        this.id = id;
        this.model = model;
        this.created = created;
    }

    @Override
    protected void onEvent(String eventType, String payload, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            throw errors().invalidResponse(headers(), "a stream event is not JSON", e);
        }
        final int block = integer(json, "contentBlockIndex");
        switch (eventType) {
            case "messageStart":
                out.add(piece(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT), FinishReason.FINISH_REASON_UNSPECIFIED));
                break;
            case "contentBlockStart":
                blockStart(block, object(object(json, "start"), "toolUse"), out);
                break;
            case "contentBlockDelta":
                blockDelta(block, object(json, "delta"), out);
                break;
            case "contentBlockStop":
                if (withoutInput.remove(block) != null) {
                    arguments(block, "{}", out); // A call with no input fragments still has arguments.
                }
                final Reasoning ended = reasoning.remove(block);
                if (ended != null) {
                    out.add(piece(Delta.newBuilder().addReasoningBlocks(ended.block()),
                                  FinishReason.FINISH_REASON_UNSPECIFIED));
                }
                break;
            case "messageStop":
                out.add(piece(Delta.newBuilder(), BedrockFields.finishReason(text(json, "stopReason"))));
                break;
            case "metadata":
                if (get(json, "usage").isObject()) {
                    out.add(StreamChatCompletionResponse.newBuilder().setId(id).setModel(model).setCreated(created)
                                                        .setUsage(BedrockFields.usage(get(json, "usage"))).build());
                }
                stop(); // The last event of every stream.
                break;
            default: // event types added after this was written
                break;
        }
    }

    private void blockStart(int block, JsonNode toolUse, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        if (toolUse.isMissingNode()) {
            return;
        }
        final int call = toolCalls.size();
        toolCalls.put(block, call);
        withoutInput.put(block, true);
        out.add(piece(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder().setIndex(call)
                                                                   .setId(text(toolUse, "toolUseId"))
                                                                   .setName(text(toolUse, "name"))),
                      FinishReason.FINISH_REASON_UNSPECIFIED));
    }

    private void blockDelta(int block, JsonNode delta, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        if (get(delta, "text").isTextual()) {
            final String text = text(delta, "text");
            if (!text.isEmpty()) {
                out.add(piece(Delta.newBuilder().setContent(text), FinishReason.FINISH_REASON_UNSPECIFIED));
            }
        } else if (get(delta, "toolUse").isObject()) {
            final String fragment = text(get(delta, "toolUse"), "input");
            if (!fragment.isEmpty() && toolCalls.containsKey(block)) {
                withoutInput.remove(block);
                arguments(block, fragment, out);
            }
        } else if (get(delta, "reasoningContent").isObject()) {
            final JsonNode content = get(delta, "reasoningContent");
            final Reasoning kept = reasoning.computeIfAbsent(block, unused -> new Reasoning());
            final String text = text(content, "text");
            kept.text.append(text);
            kept.signature.append(text(content, "signature"));
            kept.redacted(text(content, "redactedContent"));
            if (!text.isEmpty()) {
                out.add(piece(Delta.newBuilder().setReasoning(text), FinishReason.FINISH_REASON_UNSPECIFIED));
            }
        }
    }

    private void arguments(int block, String fragment, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        out.add(piece(Delta.newBuilder().addToolCalls(ToolCallDelta.newBuilder().setIndex(toolCalls.get(block))
                                                                   .setArguments(fragment)),
                      FinishReason.FINISH_REASON_UNSPECIFIED));
    }

    private StreamChatCompletionResponse piece(Delta.Builder delta, FinishReason finish) {
        return StreamChatCompletionResponse.newBuilder()
                                           .setId(id).setModel(model).setCreated(created)
                                           .addChoices(ChoiceDelta.newBuilder().setIndex(0).setDelta(delta)
                                                                  .setFinishReason(finish))
                                           .build();
    }

    /**
     * A reasoning block as its deltas arrive. Redacted content is bytes, each delta's in base64: one delta's is
     * kept as sent, several are joined as bytes (their base64 texts may each end in padding).
     */
    private static final class Reasoning {
        final StringBuilder text = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        final List<String> redacted = new ArrayList<>();

        void redacted(String base64) {
            if (!base64.isEmpty()) {
                redacted.add(base64);
            }
        }

        ReasoningBlock block() {
            return ReasoningBlock.newBuilder().setText(text.toString()).setSignature(signature.toString())
                                 .setRedacted(redacted.size() == 1 ? redacted.get(0) : joined()).build();
        }

        private String joined() {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                redacted.forEach(piece -> bytes.writeBytes(Base64.getDecoder().decode(piece)));
            } catch (IllegalArgumentException e) {
                return String.join("", redacted); // not base64 after all: kept as sent, for Bedrock to judge
            }
            return redacted.isEmpty() ? "" : Base64.getEncoder().encodeToString(bytes.toByteArray());
        }
    }
}
