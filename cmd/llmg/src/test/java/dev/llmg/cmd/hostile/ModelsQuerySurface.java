package dev.llmg.cmd.hostile;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * The transcoded {@code GET /api/v1/models}, whose request is its query string: each case's body is the query
 * (already percent-encoded, or deliberately not), sent as it is over a plain socket ({@link RawHttp}), and
 * errors are 4xx with the native JSON error.
 */
final class ModelsQuerySurface implements JsonSurface {

    static final String PATH = "/api/v1/models";

    private final URI gateway;

    ModelsQuerySurface(URI gateway) {
        this.gateway = gateway;
    }

    @Override
    public String name() {
        return "REST GET " + PATH;
    }

    @Override
    public Reply send(byte[] query) {
        final AggregatedHttpResponse response;
        try {
            response = RawHttp.get(gateway, PATH + '?' + new String(query, StandardCharsets.UTF_8),
                                   (int) HttpCalls.TIMEOUT_MILLIS);
        } catch (IOException | RuntimeException e) {
            return new Reply(Reply.Kind.SERVER_ERROR, "connection failed", "", List.of(), e.toString());
        }
        return response == null ? Reply.noAnswer(HttpCalls.TIMEOUT_MILLIS / 1000.0, "no whole answer")
                                : NativeRestSurface.classify(response);
    }
}
