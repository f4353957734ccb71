package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * The native REST API, transcoded from the protos ({@code POST /api/v1/chat/completions}, {@code POST
 * /api/v1/embeddings}): errors are 4xx with the native JSON error.
 */
final class NativeRestSurface implements JsonSurface {

    private final HttpCalls http;
    private final String path;

    NativeRestSurface(HttpCalls http, String path) {
        this.http = http;
        this.path = path;
    }

    @Override
    public String name() {
        return "REST POST " + path;
    }

    @Override
    public Reply send(byte[] body) {
        return http.post(path, MediaType.JSON_UTF_8, body, NativeRestSurface::classify);
    }

    /** Judges a whole native answer: 2xx is an answer, 4xx must carry the native JSON error. */
    static Reply classify(AggregatedHttpResponse response) {
        final int status = response.status().code();
        final String body = response.contentUtf8();
        if (status >= 200 && status < 300) {
            return new Reply(Reply.Kind.ANSWER, "HTTP " + status, "", List.of(), body);
        }
        if (status < 400 || status >= 500) {
            return new Reply(Reply.Kind.SERVER_ERROR, "HTTP " + status, "", List.of(), body);
        }
        final NativeErrorShape error = NativeErrorShape.read(body);
        final List<String> problems = new ArrayList<>(error.problems());
        if (response.contentType() == null || !response.contentType().isJson()) {
            problems.add(0, "the error is " + response.contentType() + ", not JSON");
        }
        return new Reply(Reply.Kind.REFUSAL, "HTTP " + status, error.message(), problems, body);
    }
}
