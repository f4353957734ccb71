package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.streaming.SseDialect;

/**
 * OpenAI's Server-Sent Events: {@code data: {chunk}} per piece (pieces OpenAI would not send are skipped),
 * {@code data: [DONE]} at the end, and OpenAI's error, as the HTTP answer (with {@code Retry-After}) before the
 * first chunk or as a {@code data: {"error": ...}} event after it, as OpenAI sends one. One dialect serves one
 * stream, since its chunk writer remembers which choices have started.
 */
final class OpenAiSseDialect implements SseDialect<StreamChatCompletionResponse> {

    private final OpenAiChunkWriter chunks;

    OpenAiSseDialect(OpenAiChunkWriter chunks) {
        this.chunks = requireNonNull(chunks, "chunks");
    }

    @Override
    public String event(StreamChatCompletionResponse piece) {
        final ObjectNode chunk = chunks.write(piece);
        return chunk == null ? null : "data: " + chunk + "\n\n";
    }

    @Override
    public String done() {
        return "data: [DONE]\n\n";
    }

    @Override
    public AggregatedHttpResponse failureBeforeStart(Throwable cause) {
        return OpenAiErrorWriter.aggregated(cause);
    }

    @Override
    public String failureEvent(Throwable cause) {
        return "data: " + OpenAiErrorWriter.streamEvent(cause) + "\n\n";
    }
}
