package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.internal.auth.ApiKeys;

/**
 * GraphQL with keys required: over HTTP the key comes in the header as on every door; on the WebSocket it may
 * come in {@code connection_init}'s payload instead (browsers cannot set headers on a WebSocket), and a socket
 * without a valid key closes with 4403 before anything runs.
 */
@Timeout(60)
class GraphqlAuthTest {

    private static final String KEY = ApiKeys.generate();
    private static final String OTHER = ApiKeys.generate();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY
            + "auth: {required: true}\n"
            + "tenants: [{name: a, teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["
            + ApiKeys.hash(KEY) + "]}]}]}]},"
            + " {name: b, teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["
            + ApiKeys.hash(OTHER) + "]}]}]}]}]\n");

    private static final String STREAM = "subscription S($input: ChatInput!) { chatCompletionStream(input: $input)"
            + " { choices { delta { content } } } }";

    private static final Map<String, Object> ASK = Map.of("input", Map.of("model", "sim-echo", "messages", List.of(
            Map.of("role", "ROLE_USER", "content", List.of(Map.of("text", "hi"))))));

    @Test
    void overHttpTheHeadersKeyIsRequired() {
        final WebClient client = WebClient.of(gateway.httpUri());
        final String body = "{\"query\": \"{ models { models { id } } }\"}";
        assertThat(client.prepare().post("/graphql").content(MediaType.JSON, body).execute().aggregate().join()
                         .status().code()).isEqualTo(401);
        final AggregatedHttpResponse ok = client.prepare().post("/graphql").header("authorization", "Bearer " + KEY)
                                                .content(MediaType.JSON, body).execute().aggregate().join();
        assertThat(ok.status().code()).isEqualTo(200);
        assertThat(ok.contentUtf8()).contains("sim-echo");
    }

    @Test
    void aTenantReadsItsOwnInferencesOnly() throws Exception {
        final String chat = "mutation C($input: ChatInput!) { createChatCompletion(input: $input) { gateway "
                            + "{ requestId } } }";
        final String mine = post(KEY, chat, ASK).at("/data/createChatCompletion/gateway/requestId").asText();
        assertThat(mine).isNotEmpty();
        final String one = "query I($id: ID!) { inference(id: $id) { id surface } }";
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode read = post(KEY, one, Map.of("id", mine));
        while (read.has("errors") && System.nanoTime() < deadline) {
            Thread.sleep(50); // records are written behind the call
            read = post(KEY, one, Map.of("id", mine));
        }
        assertThat(read.at("/data/inference/surface").asText()).isEqualTo("graphql");
        final JsonNode theirs = post(OTHER, one, Map.of("id", mine));
        assertThat(theirs.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(post(OTHER, "{ inferences { inferences { id } } }", Map.of()).at("/data/inferences/inferences")
                           .findValuesAsText("id")).doesNotContain(mine);
    }

    private JsonNode post(String key, String query, Map<String, Object> variables) throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).prepare().post("/graphql")
                .header("authorization", "Bearer " + key)
                .content(MediaType.JSON, json.writeValueAsString(Map.of("query", query, "variables", variables)))
                .execute().aggregate().join();
        return json.readTree(response.contentUtf8());
    }

    @Test
    void theExplorerPageOpensWithoutAKeyButRunsNothing() {
        assertThat(new GraphqlClient(gateway.httpUri()).page().status().code()).isEqualTo(200);
        final AggregatedHttpResponse query = WebClient.of(gateway.httpUri()).execute(
                RequestHeaders.builder(HttpMethod.GET, "/graphql?query=%7Bmodels%7Bmodels%7Bid%7D%7D%7D")
                              .set("accept", "text/html").build()).aggregate().join();
        assertThat(query.status().code()).isEqualTo(401);
    }

    @Test
    void aRequestThatOnlyLooksLikeAnUpgradeIsRefusedWithoutAKey() {
        // Asks for the subprotocol but does not upgrade: it must not slip past authentication to the queries.
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(
                RequestHeaders.builder(HttpMethod.GET, "/graphql?query=%7Bmodels%7Bmodels%7Bid%7D%7D%7D")
                              .set("sec-websocket-protocol", "graphql-transport-ws")
                              .set("sec-websocket-version", "13").set("upgrade", "websocket").build())
                .aggregate().join();
        assertThat(response.status().code()).isIn(400, 401);
        assertThat(response.contentUtf8()).doesNotContain("sim-echo");
    }

    @Test
    void theConnectionInitKeyOpensTheSocket() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of("authorization", "Bearer " + KEY));
        ws.subscribe("1", STREAM, ASK);
        JsonNode message = ws.next();
        assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("next");
        while (message.path("type").asText().equals("next")) {
            message = ws.next();
        }
        assertThat(message.path("type").asText()).isEqualTo("complete");
        // Queries read their caller from the upgrade request, which did not carry this key.
        ws.subscribe("q", "{ models { models { id } } }", Map.of());
        final JsonNode refused = ws.next();
        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.at("/payload/0/extensions/reason").asText()).isEqualTo("subscriptions_only");
        ws.close();
    }

    @Test
    void theApiKeyFieldWorksToo() {
        final GraphqlWs ws = GraphqlWs.connect(gateway.httpUri(), Map.of("api_key", KEY));
        ws.subscribe("1", STREAM, ASK);
        assertThat(ws.next().path("type").asText()).isEqualTo("next");
        ws.close();
    }

    @Test
    void noKeyCloses4403() {
        final GraphqlWs ws = GraphqlWs.open(gateway.httpUri());
        ws.send(Map.of("type", "connection_init"));
        assertThat(ws.closeFrame().status().code()).isEqualTo(4403);
    }

    @Test
    void anUnknownKeyCloses4403() {
        final GraphqlWs ws = GraphqlWs.open(gateway.httpUri());
        ws.send(Map.of("type", "connection_init", "payload", Map.of("authorization", "Bearer sk-nope")));
        assertThat(ws.closeFrame().status().code()).isEqualTo(4403);
    }
}
