package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * GraphQL over HTTP at {@code /graphql} with a plain HTTP client: the models query, the chat mutation, the
 * inferences and conversations it reaches, and every kind of bad request answered as a GraphQL error with a
 * clear message and the gRPC code, never a 500.
 */
@Timeout(60)
class GraphqlHttpTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY + "server: {max_request_length: "
                                                       + "64KiB, graphql: {max_depth: 6, max_complexity: 60}}\n");

    private static final String CHAT = "mutation Chat($input: ChatInput!) { createChatCompletion(input: $input) {"
            + " id model choices { index finishReason message { role content { text } } }"
            + " usage { inputTokens outputTokens } gateway { provider requestId } } }";

    private static Map<String, Object> ask(String model, String text) {
        return Map.of("input", Map.of("model", model, "messages", List.of(
                Map.of("role", "ROLE_USER", "content", List.of(Map.of("text", text))))));
    }

    private final GraphqlClient client = new GraphqlClient(gateway.httpUri());

    @Test
    void listsTheModels() {
        final GraphqlClient.Answer answer = client.post("{ models { models { id provider available targets "
                                                        + "{ provider model } } page { totalSize } } }");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().has("errors")).isFalse();
        assertThat(answer.data().at("/models/models/0/id").asText()).isEqualTo("sim-echo");
        assertThat(answer.data().at("/models/models/0/provider").asText()).isEqualTo("simulator");
        assertThat(answer.data().at("/models/page/totalSize").asInt()).isEqualTo(1);
    }

    @Test
    void queriesRunOverGetToo() {
        final GraphqlClient.Answer answer = client.get("{ models { models { id } } }");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.data().at("/models/models/0/id").asText()).isEqualTo("sim-echo");
    }

    @Test
    void aMutationOverGetIsRefused() {
        final GraphqlClient.Answer answer = client.get("mutation { deleteConversation(id: \"x\") }");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("mutation_over_get");
    }

    @Test
    void completesAChatAndRecordsItAsAGraphqlCall() throws Exception {
        final GraphqlClient.Answer answer = client.post(CHAT, ask("sim-echo", "hello graphql"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        final JsonNode completion = answer.data().path("createChatCompletion");
        assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("ROLE_ASSISTANT");
        assertThat(completion.at("/choices/0/message/content/0/text").asText()).isNotEmpty();
        assertThat(completion.at("/gateway/provider").asText()).isEqualTo("simulator");
        final String id = completion.at("/gateway/requestId").asText();
        assertThat(id).isNotEmpty();

        // The call is recorded like any other, with graphql as its surface, and readable over GraphQL.
        final String query = "query One($id: ID!) { inference(id: $id) { id surface requestedModel status } }";
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        GraphqlClient.Answer record = client.post(query, Map.of("id", id));
        while (record.body().has("errors") && System.nanoTime() < deadline) {
            Thread.sleep(50); // records are written behind the call
            record = client.post(query, Map.of("id", id));
        }
        assertThat(record.data().at("/inference/surface").asText()).isEqualTo("graphql");
        assertThat(record.data().at("/inference/requestedModel").asText()).isEqualTo("sim-echo");
        assertThat(record.data().at("/inference/status").asText()).isEqualTo("OK");
        final GraphqlClient.Answer list = client.post("{ inferences(model: \"sim-echo\") { inferences { id } } }");
        assertThat(list.data().at("/inferences/inferences").findValuesAsText("id")).contains(id);
        final GraphqlClient.Answer usage = client.post("{ usage(groupBy: USAGE_GROUP_BY_MODEL) { startTime endTime "
                                                       + "rows { key requests errors inputTokens } } }");
        assertThat(usage.body().has("errors")).as(usage.body().toString()).isFalse();
        assertThat(usage.data().at("/usage/rows").findValuesAsText("key")).contains("sim-echo");
        assertThat(usage.data().at("/usage/rows/0/requests").isNumber()).as("Int64 as a JSON number").isTrue();
        final GraphqlClient.Answer minutes = client.post("{ usage(bucket: USAGE_BUCKET_MINUTE) { rows { bucketStart "
                                                         + "requests streamed retries fallbacks overheadP50 "
                                                         + "firstPieceP95 } } }");
        assertThat(minutes.body().has("errors")).as(minutes.body().toString()).isFalse();
        final JsonNode minute = minutes.data().at("/usage/rows/0");
        assertThat(minute.path("bucketStart").asText()).endsWith(":00Z");
        assertThat(minute.path("retries").isNumber()).isTrue();
        assertThat(minute.path("overheadP50").asText()).endsWith("s");
    }

    @Test
    void anUnknownInferenceIsNotFound() {
        final GraphqlClient.Answer answer = client.post("{ inference(id: \"nope\") { id } }");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.error().at("/extensions/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("inference_not_found");
        assertThat(answer.error().at("/path/0").asText()).isEqualTo("inference");
    }

    @Test
    void anUnknownModelIsAFieldErrorWithItsCode() {
        final GraphqlClient.Answer answer = client.post(CHAT, ask("no-such-model", "hi"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.error().at("/extensions/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("model_not_found");
        assertThat(answer.error().path("message").asText()).contains("no-such-model");
        assertThat(answer.body().toString()).doesNotContain("Exception").doesNotContain("at dev.llmg");
    }

    @Test
    void theWholeChatRequestCanBeAskedFor() {
        final Map<String, Object> input = new HashMap<>(Map.of(
                "model", "sim-echo",
                "messages", List.of(Map.of("role", "ROLE_USER", "content", List.of(
                        Map.of("text", "weather?", "cacheControl", Map.of())))),
                "tools", List.of(Map.of("name", "weather", "parameters", Map.of("type", "object"))),
                "toolChoice", Map.of("mode", "TOOL_CHOICE_MODE_REQUIRED"),
                "parallelToolCalls", false,
                "reasoning", Map.of("effort", "REASONING_EFFORT_LOW"),
                "structuredOutput", Map.of("policy", "STRUCTURED_OUTPUT_POLICY_REPAIR"),
                "logprobs", true,
                "topLogprobs", 2));
        final GraphqlClient.Answer answer = client.post(CHAT, Map.of("input", input));
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        assertThat(answer.data().at("/createChatCompletion/choices/0/finishReason").asText())
                .as("the tool choice reached the model").isEqualTo("FINISH_REASON_TOOL_CALLS");

        input.put("reasoning", Map.of("effort", "REASONING_EFFORT_EXTREME"));
        final GraphqlClient.Answer refused = client.post(CHAT, Map.of("input", input));
        assertThat(refused.error().at("/extensions/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(refused.error().path("message").asText()).contains("reasoning");
    }

    @Test
    void aRequestTheProtoRefusesNamesTheField() {
        final GraphqlClient.Answer answer = client.post(CHAT, Map.of("input", Map.of(
                "model", "sim-echo", "messages", List.of(Map.of("role", "ROLE_USER")),
                "metadata", Map.of("team", List.of(1)))));
        // The document was valid, so the field failed: 200, with the proto reader's message naming the field.
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.error().at("/extensions/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.error().at("/extensions/field").asText()).contains("metadata");
    }

    @Test
    void aDocumentThatDoesNotParseIs400() {
        final GraphqlClient.Answer answer = client.post("{ models { ");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().at("/extensions/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("invalid_syntax");
        assertThat(answer.body().has("data")).isFalse();
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        final GraphqlClient.Answer answer = client.post("{ models { models { id colour } } }");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().path("message").asText()).contains("colour");
        assertThat(answer.error().at("/extensions/code").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("validation_error");
    }

    @Test
    void aVariableOfTheWrongTypeIs400() {
        final GraphqlClient.Answer answer = client.post(
                "query Page($size: Int) { models(page: {pageSize: $size}) { models { id } } }",
                Map.of("size", "ten"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().path("message").asText()).contains("size");
        assertThat(answer.error().at("/extensions/code").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void anOverDeepQueryIsRefusedBeforeItRunsEveryTimeItIsSent() {
        final String deep = "{ conversations { conversations { messages { messages { message { content { text } } } "
                            + "} } } }";
        for (int i = 0; i < 2; i++) { // the second time its parsed document may be kept: the limit still holds
            final GraphqlClient.Answer answer = client.post(deep);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("query_too_deep");
            assertThat(answer.error().path("message").asText()).contains("server.graphql.max_depth");
        }
    }

    @Test
    void anOverComplexQueryIsRefusedBeforeItRuns() {
        final StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 70; i++) {
            query.append(" m").append(i).append(": models { page { totalSize } }");
        }
        final GraphqlClient.Answer answer = client.post(query.append(" }").toString());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("query_too_complex");
    }

    @Test
    void aBodyThatIsNotJsonIs400AndAnotherTypeIs415() {
        assertThat(client.postRaw(MediaType.JSON, "{nope").status()).isEqualTo(400);
        final GraphqlClient.Answer missing = client.postRaw(MediaType.JSON, "{\"variables\": {}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error().at("/extensions/field").asText()).isEqualTo("query");
        assertThat(client.postRaw(MediaType.PLAIN_TEXT, "{ models { models { id } } }").status()).isEqualTo(415);
    }

    @Test
    void aBodyOverTheServersLimitIs413() {
        // The WebSocket service's own options (no size limit) must not leak to GraphQL over HTTP.
        final String big = "{\"query\": \"{ models { models { id } } }\", \"variables\": {\"pad\": \""
                           + "x".repeat(100 * 1024) + "\"}}";
        assertThat(client.postRawStatus(MediaType.JSON, big)).isEqualTo(413);
    }

    @Test
    void aSubscriptionOverHttpIsRefused() {
        final GraphqlClient.Answer answer = client.post("subscription { chatCompletionStream(input: {model: "
                                                        + "\"sim-echo\"}) { id } }");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error().at("/extensions/reason").asText()).isEqualTo("subscription_over_http");
    }

    @Test
    void keepsConversations() {
        final GraphqlClient.Answer created = client.post(
                "mutation { createConversation(input: {title: \"first\", model: \"sim-echo\"}) { id title model } }");
        assertThat(created.body().has("errors")).as(created.body().toString()).isFalse();
        final String id = created.data().at("/createConversation/id").asText();

        final GraphqlClient.Answer renamed = client.post(
                "mutation R($id: ID!) { updateConversation(id: $id, input: {title: \"second\"}) { title model } }",
                Map.of("id", id));
        assertThat(renamed.data().at("/updateConversation/title").asText()).isEqualTo("second");
        assertThat(renamed.data().at("/updateConversation/model").asText()).isEqualTo("sim-echo");

        final Map<String, Object> input = Map.of("model", "sim-echo", "conversationId", id, "messages", List.of(
                Map.of("role", "ROLE_USER", "content", List.of(Map.of("text", "remember me")))));
        assertThat(client.post(CHAT, Map.of("input", input)).body().has("errors")).isFalse();

        final GraphqlClient.Answer read = client.post("query C($id: ID!) { conversation(id: $id) { title turnCount "
                + "messages { messages { turn message { role content { text } } } } } }", Map.of("id", id));
        assertThat(read.body().has("errors")).as(read.body().toString()).isFalse();
        assertThat(read.data().at("/conversation/turnCount").asInt()).isEqualTo(1);
        assertThat(read.data().at("/conversation/messages/messages/0/message/content/0/text").asText())
                .isEqualTo("remember me");
        assertThat(read.data().at("/conversation/messages/messages/1/message/role").asText())
                .isEqualTo("ROLE_ASSISTANT");
        assertThat(client.post("{ conversations { conversations { id } } }").data()
                         .at("/conversations/conversations").findValuesAsText("id")).contains(id);

        final GraphqlClient.Answer deleted = client.post("mutation D($id: ID!) { deleteConversation(id: $id) }",
                                                         Map.of("id", id));
        assertThat(deleted.data().path("deleteConversation").asBoolean()).isTrue();
        final GraphqlClient.Answer gone = client.post("query C($id: ID!) { conversation(id: $id) { id } }",
                                                      Map.of("id", id));
        assertThat(gone.error().at("/extensions/code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aBrowserGetsTheExplorerPage() {
        final AggregatedHttpResponse page = client.page();
        assertThat(page.status().code()).isEqualTo(200);
        assertThat(page.contentType().is(MediaType.HTML_UTF_8.withoutParameters())).isTrue();
        assertThat(page.contentUtf8()).contains("<textarea id=\"query\"").doesNotContain("https://");
    }

    @Test
    void introspectionIsOn() {
        final GraphqlClient.Answer answer = client.post("{ __type(name: \"ChatInput\") { description "
                                                        + "inputFields { name description } } }");
        assertThat(answer.data().at("/__type/description").asText()).contains("ChatRequest");
        assertThat(answer.data().at("/__type/inputFields").findValuesAsText("name")).contains("model", "messages");
    }
}
