package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * A route of the OpenAI-compatible API ({@code /v1/chat/completions}, unary or streamed, {@code /v1/embeddings}):
 * a refusal is a 4xx with OpenAI's error JSON; a stream ends with {@code data: [DONE]}.
 */
final class OpenAiSurface implements JsonSurface {

    private final HttpCalls http;
    private final String path;
    private final String label;

    OpenAiSurface(HttpCalls http, String path, String label) {
        this.http = http;
        this.path = path;
        this.label = label;
    }

    @Override
    public String name() {
        return "OpenAI POST " + path + label;
    }

    @Override
    public Reply send(byte[] body) {
        return http.post(path, MediaType.JSON_UTF_8, body, OpenAiSurface::classify);
    }

    /** Judges a whole answer of the OpenAI-compatible API. */
    static Reply classify(AggregatedHttpResponse response) {
        final int status = response.status().code();
        final String body = response.contentUtf8();
        if (status >= 400 && status < 500) {
            final OpenAiErrorShape error = OpenAiErrorShape.read(body);
            final List<String> problems = new ArrayList<>(error.problems());
            if (response.contentType() == null || !response.contentType().isJson()) {
                problems.add(0, "the error is " + response.contentType() + ", not JSON");
            }
            return new Reply(Reply.Kind.REFUSAL, "HTTP " + status, error.message(), problems, body);
        }
        if (status != 200) {
            return new Reply(Reply.Kind.SERVER_ERROR, "HTTP " + status, "", List.of(), body);
        }
        if (response.contentType() == null || !response.contentType().is(MediaType.EVENT_STREAM)) {
            return new Reply(Reply.Kind.ANSWER, "HTTP 200", "", List.of(), body);
        }
        for (SseEvents.Event event : SseEvents.parse(body)) {
            if (event.data().startsWith("{\"error\"")) {
                final OpenAiErrorShape error = OpenAiErrorShape.read(event.data());
                final List<String> problems = new ArrayList<>(error.problems());
                problems.add(0, "the refusal came as an error event after HTTP 200, not as a 4xx before the stream");
                final boolean internal = event.data().contains("\"type\":\"server_error\"");
                return new Reply(internal ? Reply.Kind.SERVER_ERROR : Reply.Kind.REFUSAL,
                                 "HTTP 200 then an error event", error.message(), problems, body);
            }
            if ("[DONE]".equals(event.data())) {
                return new Reply(Reply.Kind.ANSWER, "HTTP 200, data: [DONE]", "", List.of(), body);
            }
        }
        return new Reply(Reply.Kind.SERVER_ERROR, "HTTP 200 without data: [DONE]", "", List.of(), body);
    }
}
