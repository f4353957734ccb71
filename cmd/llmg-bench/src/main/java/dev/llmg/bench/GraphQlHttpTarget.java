package dev.llmg.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

/**
 * Posts one GraphQL operation to {@code /graphql} and waits for the whole answer, which succeeds only when it is a
 * 200 without {@code errors}: GraphQL reports a failed field (an unknown model, a provider's error) with a 200.
 */
final class GraphQlHttpTarget implements Target {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;
    private final RequestHeaders headers;
    private final HttpData body;

    GraphQlHttpTarget(WebClient client, Map<String, String> extraHeaders, String query, Object variables) {
        this.client = client;
        final RequestHeadersBuilder builder = RequestHeaders.builder(HttpMethod.POST, "/graphql")
                                                            .contentType(MediaType.JSON_UTF_8);
        extraHeaders.forEach(builder::add);
        headers = builder.build();
        body = HttpData.ofUtf8(JSON.createObjectNode().put("query", query)
                                   .set("variables", JSON.valueToTree(variables)).toString());
    }

    @Override
    public CompletableFuture<Void> send(long intendedNanos, Measurements sink) {
        return client.execute(HttpRequest.of(headers, body)).aggregate().handle((aggregated, cause) -> {
            if (cause == null && aggregated.status().code() == 200
                && !aggregated.contentUtf8().contains("\"errors\"")) {
                sink.success(intendedNanos);
            } else {
                sink.error();
            }
            return null;
        });
    }
}
