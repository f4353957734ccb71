package dev.llmg.cmd;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;

/** Posts GraphQL operations to {@code /graphql} with a plain HTTP client, as a front end's fetch would. */
final class GraphqlClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;

    GraphqlClient(URI gateway) {
        client = WebClient.of(gateway);
    }

    /** The status and JSON body of an answer. */
    record Answer(int status, JsonNode body) {
        JsonNode data() {
            return body.path("data");
        }

        JsonNode error() {
            return body.path("errors").path(0);
        }
    }

    /** Posts {@code query} with {@code variables}. */
    Answer post(String query, Map<String, Object> variables) {
        try {
            final String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
            return answer(client.prepare().post("/graphql").content(MediaType.JSON, body).execute()
                                .aggregate().join());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Posts {@code query} without variables. */
    Answer post(String query) {
        return post(query, Map.of());
    }

    /** Posts a raw body with a content type. */
    Answer postRaw(MediaType type, String body) {
        return answer(client.prepare().post("/graphql").content(type, body).execute().aggregate().join());
    }

    /** Posts a raw body and returns only the status (a refusal may come in the server's own shape). */
    int postRawStatus(MediaType type, String body) {
        return client.prepare().post("/graphql").content(type, body).execute().aggregate().join().status().code();
    }

    /** Sends {@code query} with GET. */
    Answer get(String query) {
        return answer(client.get("/graphql?" + QueryParams.of("query", query).toQueryString()).aggregate().join());
    }

    /** Gets {@code /graphql} as a browser would. */
    AggregatedHttpResponse page() {
        return client.execute(RequestHeaders.builder(HttpMethod.GET, "/graphql")
                                            .set("accept", "text/html,application/xhtml+xml").build())
                     .aggregate().join();
    }

    private static Answer answer(AggregatedHttpResponse response) {
        try {
            return new Answer(response.status().code(), JSON.readTree(response.contentUtf8()));
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.status() + "): " + response.contentUtf8(), e);
        }
    }
}
