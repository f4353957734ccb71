package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

/**
 * Makes the plain HTTP calls of the JSON surfaces: one whole answer per call, within {@link #TIMEOUT_MILLIS},
 * with the path built by hand (Armeria's client would read {@code :stream} as a path parameter). A call that
 * gets nothing in time is a {@link Reply.Kind#NO_ANSWER}, a broken connection a server error.
 */
final class HttpCalls {

    /** How long a case may take before it counts as no answer: {@code -Dhostile.timeout.millis} (3,000). */
    static final long TIMEOUT_MILLIS = Long.getLong("hostile.timeout.millis", 3_000);

    private final WebClient client;

    HttpCalls(URI gateway) {
        client = WebClient.builder(gateway).responseTimeoutMillis(TIMEOUT_MILLIS).maxResponseLength(64L << 20).build();
    }

    /** Posts {@code body} and judges the whole answer with {@code judge}. */
    Reply post(String path, MediaType type, byte[] body, Function<AggregatedHttpResponse, Reply> judge) {
        return exchange(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, path).contentType(type).build(),
                                       HttpData.wrap(body)), judge);
    }

    /** Sends {@code request} and returns the whole answer, or throws; for callers that read raw answers. */
    AggregatedHttpResponse execute(HttpRequest request) {
        return client.execute(request).aggregate().join();
    }

    private Reply exchange(HttpRequest request, Function<AggregatedHttpResponse, Reply> judge) {
        final AggregatedHttpResponse response;
        try {
            response = execute(request);
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResponseTimeoutException) {
                return Reply.noAnswer(TIMEOUT_MILLIS / 1000.0, "no whole answer");
            }
            return new Reply(Reply.Kind.SERVER_ERROR, "connection failed", "", List.of(),
                             e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        }
        return judge.apply(response);
    }
}
