package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.HttpDecoder;
import com.linecorp.armeria.common.stream.StreamDecoderInput;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.providers.http.ProviderErrors;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * Decodes ConverseStream's {@code application/vnd.amazon.eventstream} body into canonical pieces as its bytes
 * arrive: the AWS SDK's {@link MessageDecoder} cuts the bytes into frames (prelude, headers, payload) and
 * checks both CRCs; each frame's {@code :event-type} says what its JSON payload is.
 *
 * <p>{@code messageStart} gives the role; text and reasoning deltas become content and reasoning; a
 * {@code toolUse} block start gives a call's id and name, and its {@code input} deltas are the argument
 * fragments (a call with none gets {@code {}} at its stop); {@code messageStop} gives the finish reason and
 * {@code metadata} the usage. A frame of {@code :message-type exception} (a throttle or a model error in the
 * middle of the answer) fails the stream with the kind its {@code :exception-type} means. Reasoning
 * signatures and redacted reasoning have no canonical place and are dropped. One decoder serves one response.
 */
final class BedrockStreamDecoder implements HttpDecoder<StreamChatCompletionResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderErrors errors;
    private final ResponseHeaders headers;
    private final String id;
    private final String model;
    private final long created;
    private final List<Message> frames = new ArrayList<>();
    private final MessageDecoder decoder = new MessageDecoder(frames::add);
    /** Content block index to tool-call index, numbered from 0 in the order the calls start. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    /** Content block index of a call that has had no input fragment yet. */
    private final Map<Integer, Boolean> withoutInput = new HashMap<>();
    private boolean stopped;

    BedrockStreamDecoder(ProviderErrors errors, ResponseHeaders headers, String id, String model, long created) {
        this.errors = errors;
        this.headers = headers;
        this.id = id;
        this.model = model;
        this.created = created;
    }

    @Override
    public void process(StreamDecoderInput in, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        if (stopped) {
            return;
        }
        try {
            decoder.feed(bytes);
        } catch (RuntimeException e) { // a bad prelude or payload CRC, or an impossible length
            stopped = true;
            throw errors.invalidResponse(headers, "the event stream is corrupt: " + e.getMessage(), e);
        }
        for (Message frame : frames) {
            if (!stopped) {
                onFrame(frame, out);
            }
        }
        frames.clear();
    }

    private void onFrame(Message frame, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final String messageType = header(frame, ":message-type");
        final String payload = errors.scrubber().scrubKeys(new String(frame.getPayload(), StandardCharsets.UTF_8));
        if ("exception".equals(messageType)) {
            stopped = true;
            throw errors.fromAwsException(header(frame, ":exception-type"), message(payload), headers);
        }
        if ("error".equals(messageType)) {
            stopped = true;
            throw errors.fromAwsException(header(frame, ":error-code"), header(frame, ":error-message"), headers);
        }
        final JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            throw errors.invalidResponse(headers, "a stream event is not JSON", e);
        }
        final int block = integer(json, "contentBlockIndex");
        switch (header(frame, ":event-type")) {
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
                break;
            case "messageStop":
                out.add(piece(Delta.newBuilder(), BedrockFields.finishReason(text(json, "stopReason"))));
                break;
            case "metadata":
                if (get(json, "usage").isObject()) {
                    out.add(StreamChatCompletionResponse.newBuilder().setId(id).setModel(model).setCreated(created)
                                                        .setUsage(BedrockFields.usage(get(json, "usage"))).build());
                }
                stopped = true; // The last event of every stream.
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
            final String text = text(get(delta, "reasoningContent"), "text");
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

    private static String header(Message frame, String name) {
        final HeaderValue value = frame.getHeaders().get(name);
        try {
            return value == null ? "" : value.getString();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return ""; // not a string header
        }
    }

    private static String message(String payload) {
        try {
            final JsonNode json = JSON.readTree(payload);
            return text(json, "message").isEmpty() ? text(json, "Message") : text(json, "message");
        } catch (IOException e) {
            return "";
        }
    }
}
