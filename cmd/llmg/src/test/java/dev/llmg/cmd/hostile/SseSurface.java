package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * The native API's Server-Sent Events route, {@code POST /api/v1/chat/completions:stream}: a request that is
 * refused gets a 4xx with the native JSON error before any event; a stream ends with {@code event: done}.
 */
final class SseSurface implements JsonSurface {

    static final String PATH = "/api/v1/chat/completions:stream";

    private final HttpCalls http;

    SseSurface(HttpCalls http) {
        this.http = http;
    }

    @Override
    public String name() {
        return "SSE POST " + PATH;
    }

    @Override
    public Reply send(byte[] body) {
        return http.post(PATH, MediaType.JSON_UTF_8, body, SseSurface::classify);
    }

    private static Reply classify(AggregatedHttpResponse response) {
        if (response.status().code() != 200) {
            return NativeRestSurface.classify(response);
        }
        final String body = response.contentUtf8();
        for (SseEvents.Event event : SseEvents.parse(body)) {
            if ("error".equals(event.name())) {
                final NativeErrorShape error = NativeErrorShape.read(event.data());
                final boolean internal = error.grpcCode().equals("INTERNAL") || error.grpcCode().equals("UNKNOWN");
                final List<String> problems = new ArrayList<>(error.problems());
                problems.add(0, "the refusal came as an error event after HTTP 200, not as a 4xx before the stream");
                return new Reply(internal ? Reply.Kind.SERVER_ERROR : Reply.Kind.REFUSAL,
                                 "HTTP 200 then event: error " + error.grpcCode(), error.message(), problems, body);
            }
            if ("done".equals(event.name())) {
                return new Reply(Reply.Kind.ANSWER, "HTTP 200, event: done", "", List.of(), body);
            }
        }
        return new Reply(Reply.Kind.SERVER_ERROR, "HTTP 200 without event: done", "", List.of(), body);
    }
}
