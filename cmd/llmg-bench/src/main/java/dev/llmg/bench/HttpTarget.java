package dev.llmg.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

/**
 * Posts a fixed JSON body to one path over HTTP/1.1 and waits for the whole answer; for a streamed answer it
 * also records the time to the first chunk and the gaps between chunks as they arrive.
 */
final class HttpTarget implements Target {

    private final WebClient client;
    private final RequestHeaders headers;
    private final HttpData body;
    private final boolean stream;

    /**
     * Creates a target; {@code client} must point at the system, {@code path} may contain colons (it is not a
     * path pattern), and {@code extraHeaders} are sent with every request.
     */
    HttpTarget(WebClient client, String path, String jsonBody, Map<String, String> extraHeaders, boolean stream) {
        this.client = client;
        final RequestHeadersBuilder builder = RequestHeaders.builder(HttpMethod.POST, path)
                                                            .contentType(MediaType.JSON_UTF_8);
        extraHeaders.forEach(builder::add);
        headers = builder.build();
        body = HttpData.ofUtf8(jsonBody);
        this.stream = stream;
    }

    @Override
    public CompletableFuture<Void> send(long intendedNanos, Measurements sink) {
        final HttpResponse response = client.execute(HttpRequest.of(headers, body));
        if (stream) {
            // Subscribed to directly: aggregate() after peekData() would see every piece only at the end.
            final StreamTimer timer = new StreamTimer(intendedNanos, sink);
            response.subscribe(timer);
            return timer.done();
        }
        return response.aggregate().handle((aggregated, cause) -> {
            if (cause == null && aggregated.status().code() == 200) {
                sink.success(intendedNanos);
            } else {
                sink.error();
            }
            return null;
        });
    }
}
