package dev.llmg.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

/** Calls a test gateway over REST as one key (or none): the admin API and OpenAI's chat completions. */
final class AdminRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;
    private final String key;

    AdminRest(TestGateway gateway, String key) {
        client = WebClient.of(gateway.httpUri());
        this.key = key;
    }

    /** Sends {@code body} (JSON text, or null for none) with {@code method} to {@code path}. */
    AggregatedHttpResponse send(HttpMethod method, String path, String body) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(method, path);
        if (key != null) {
            headers.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        final HttpRequest request = body == null ? HttpRequest.of(headers.build())
                                                 : HttpRequest.of(headers.contentType(MediaType.JSON_UTF_8).build(),
                                                                  com.linecorp.armeria.common.HttpData.ofUtf8(body));
        return client.execute(request).aggregate().join();
    }

    /** POSTs {@code body} and returns the answer's JSON, failing unless it is 200. */
    JsonNode ok(HttpMethod method, String path, String body) {
        final AggregatedHttpResponse response = send(method, path, body);
        if (response.status().code() != 200) {
            throw new AssertionError(method + " " + path + " answered " + response.status() + ": "
                                     + response.contentUtf8());
        }
        return json(response);
    }

    /** Creates a level of {@code kind} (e.g. {@code LEVEL_KIND_TEAM}) at {@code path} with {@code extra} JSON. */
    JsonNode createLevel(String path, String kind, String extra) {
        return ok(HttpMethod.POST, "/api/v1/admin/levels", "{\"path\": \"" + path + "\", \"kind\": \"" + kind + '"'
                                                          + (extra.isEmpty() ? "" : ", " + extra) + '}');
    }

    /** Creates a tenant, team, group and endpoint ({@code tenant/team/group/endpoint}) going to sim-echo. */
    void createEndpoint(String endpointPath) {
        final String[] parts = endpointPath.split("/");
        createLevel(parts[0], "LEVEL_KIND_TENANT", "");
        createLevel(parts[0] + '/' + parts[1], "LEVEL_KIND_TEAM", "");
        createLevel(parts[0] + '/' + parts[1] + '/' + parts[2], "LEVEL_KIND_GROUP", "");
        createLevel(endpointPath, "LEVEL_KIND_ENDPOINT", "\"upstream\": \"sim-echo\"");
    }

    /** Issues a key for {@code endpoint}; returns the answer (api_key, key). */
    JsonNode createKey(String endpoint) {
        return ok(HttpMethod.POST, "/api/v1/admin/keys", "{\"endpoint\": \"" + endpoint + "\", \"name\": \"ci\"}");
    }

    /** Asks sim-echo for a chat completion over OpenAI's REST API. */
    AggregatedHttpResponse chat() {
        return send(HttpMethod.POST, "/v1/chat/completions",
                    "{\"model\": \"sim-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
    }

    static JsonNode json(AggregatedHttpResponse response) {
        try {
            return JSON.readTree(response.contentUtf8());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.contentUtf8(), e);
        }
    }
}
