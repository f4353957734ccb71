package dev.llmg.internal.providers.anthropic;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.sse.SseEvent;

/**
 * Lends Anthropic's Messages mapping to Bedrock's InvokeModel, whose bodies for Claude are Anthropic's own
 * without {@code model} and {@code stream} (the path says both) and with
 * {@code "anthropic_version": "bedrock-2023-05-31"}, and whose answers are Anthropic's messages and events.
 */
public final class AnthropicOnBedrock {

    /** The API version Bedrock asks Anthropic bodies to name. */
    public static final String VERSION = "bedrock-2023-05-31";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnthropicRequestMapper REQUESTS =
            new AnthropicRequestMapper(AnthropicSettings.DEFAULT_MAX_TOKENS);

    private AnthropicOnBedrock() {}

    /** Builds the InvokeModel body of a request. */
    public static ObjectNode request(ChatRequest request, boolean stream) {
        final ObjectNode body = REQUESTS.toJson(request, StructuredAnswer.toolName(request), stream);
        body.remove("model");
        body.remove("stream");
        return body.put("anthropic_version", VERSION);
    }

    /** Maps an InvokeModel answer, an Anthropic message. */
    public static CreateChatCompletionResponse response(JsonNode body, ChatRequest request, long created) {
        return AnthropicResponseMapper.toResponse(body, StructuredAnswer.toolName(request), created);
    }

    /** Returns a reader of the Anthropic events that InvokeModelWithResponseStream carries one per chunk. */
    public static Events events(ProviderErrors errors, ResponseHeaders headers, ChatRequest request,
                                long created) {
        return new Events(new AnthropicStreamDecoder(errors, headers, StructuredAnswer.toolName(request), created),
                          errors, headers);
    }

    /** Turns each Anthropic event, as the JSON of one chunk, into canonical pieces. */
    public static final class Events {

        private final AnthropicStreamDecoder decoder;
        private final ProviderErrors errors;
        private final ResponseHeaders headers;

        private Events(AnthropicStreamDecoder decoder, ProviderErrors errors, ResponseHeaders headers) {
            this.decoder = decoder;
            this.errors = errors;
            this.headers = headers;
        }

        /** Decodes one event, whose type is in its own {@code type} field; returns whether it was the last. */
        public boolean accept(String json, StreamDecoderOutput<StreamChatCompletionResponse> out) {
            final String type;
            try {
                final JsonNode event = JSON.readTree(json);
                type = event == null ? "" : event.path("type").asText("");
            } catch (IOException e) {
                throw errors.invalidResponse(headers, "a stream chunk is not JSON", e);
            }
            decoder.onEvent(new SseEvent(type, json, ""), out);
            return "message_stop".equals(type);
        }
    }
}
