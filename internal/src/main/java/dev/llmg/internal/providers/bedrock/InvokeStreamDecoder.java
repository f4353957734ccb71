package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.providers.anthropic.AnthropicOnBedrock;
import dev.llmg.internal.providers.http.ProviderErrors;

/**
 * Decodes InvokeModelWithResponseStream for Claude: each {@code chunk} frame's payload is
 * {@code {"bytes": base64}} (and padding), the bytes one Anthropic stream event, which Anthropic's own decoder
 * turns into canonical pieces. The last event also carries Bedrock's invocation metrics, which add nothing the
 * usage does not say.
 */
final class InvokeStreamDecoder extends EventStreamDecoder<StreamChatCompletionResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnthropicOnBedrock.Events events;

    InvokeStreamDecoder(ProviderErrors errors, ResponseHeaders headers, AnthropicOnBedrock.Events events) {
        super(errors, headers);
        this.events = events;
    }

    @Override
    protected void onEvent(String eventType, String payload, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        if (!"chunk".equals(eventType)) {
            return;
        }
        final String event;
        try {
            event = new String(Base64.getDecoder().decode(text(JSON.readTree(payload), "bytes")),
                               StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw errors().invalidResponse(headers(), "a stream chunk is not base64 in JSON", e);
        }
        if (events.accept(errors().scrubber().scrubKeys(event), out)) {
            stop();
        }
    }
}
