package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.json.LenientJson.get;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.sse.SseEvent;
import dev.llmg.internal.providers.sse.SseStreamDecoder;

/**
 * Decodes the Server-Sent Events body of a streamed chat completion into canonical pieces, chunk by chunk as
 * the bytes arrive.
 *
 * <p>{@code data: [DONE]} ends the answer and anything after it is ignored; empty {@code data:} frames are
 * skipped; a chunk that is an {@code error} object (or an {@code event: error}) fails the stream with a
 * {@link dev.llmg.spi.ProviderException}, since OpenAI reports failures after the 200 that way.
 * One decoder serves one response.
 */
final class OpenAiStreamDecoder extends SseStreamDecoder<StreamChatCompletionResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SNIPPET = 100;

    private final ProviderErrors errors;
    private final ResponseHeaders headers;
    private Struct pendingMetadata;

    /** Creates a decoder for the response that these headers started. */
    OpenAiStreamDecoder(ProviderErrors errors, ResponseHeaders headers) {
        super(errors.scrubber());
        this.errors = errors;
        this.headers = headers;
    }

    @Override
    protected void onEvent(SseEvent event, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final String data = event.data().strip();
        if (data.isEmpty()) {
            return;
        }
        if ("[DONE]".equals(data)) {
            stop();
            return;
        }
        final JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (IOException e) {
            throw errors.invalidResponse(headers, "a stream chunk is not JSON: "
                                                  + errors.scrubber().scrub(data, MAX_SNIPPET), e);
        }
        final JsonNode error = get(chunk, "error");
        if (!error.isMissingNode()) {
            throw errors.fromStreamError(error, headers);
        }
        if ("error".equals(event.event())) {
            throw errors.fromStreamError(chunk, headers);
        }
        OpenAiChunkMapper.toPiece(chunk).ifPresent(piece -> emit(piece, out));
    }

    /**
     * Emits a piece; one that carries only provider metadata (Azure's first chunk, with the prompt's filter
     * results and no id) is held and merged into the next, so that every piece a caller sees has content.
     */
    private void emit(StreamChatCompletionResponse piece, StreamDecoderOutput<StreamChatCompletionResponse> out) {
        final boolean metadataOnly = piece.getChoicesCount() == 0 && !piece.hasUsage();
        if (metadataOnly) {
            pendingMetadata = pendingMetadata == null ? piece.getProviderMetadata()
                                                      : merge(pendingMetadata, piece.getProviderMetadata());
            return;
        }
        if (pendingMetadata != null) {
            piece = piece.toBuilder().setProviderMetadata(merge(pendingMetadata, piece.getProviderMetadata())).build();
            pendingMetadata = null;
        }
        out.add(piece);
    }

    private static Struct merge(Struct earlier, Struct later) {
        return earlier.toBuilder().putAllFields(later.getFieldsMap()).build();
    }
}
