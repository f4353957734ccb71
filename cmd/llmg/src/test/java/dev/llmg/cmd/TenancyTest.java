package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.client.LlmgClient;
import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.call.Caller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Keys resolve through the grouping written in config on every front door: a missing or unknown key is refused
 * saying which, an endpoint's calls go to its nearest upstream and only to the models its allowlist names (which is
 * all it lists), its limits answer 429 with the headers OpenAI's SDKs back off by, and a tenant's callers read only
 * their tenant's records while an admin reads every tenant's.
 */
class TenancyTest {

    private static final String ADMIN = ApiKeys.generate();
    private static final String ACME = ApiKeys.generate();
    private static final String LIMITED = ApiKeys.generate();
    private static final String GLOBEX = ApiKeys.generate();
    private static final String TAGGED = ApiKeys.generate();
    private static final String BUDGETED = ApiKeys.generate();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<OpenAIClient> clients = new ArrayList<>();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers: {simulator: {type: simulator, latency: 1ms}}",
            "models:",
            "  - {name: sim-echo, provider: simulator}",
            "  - {name: sim-other, provider: simulator, provider_model: sim-echo}",
            "  - {name: sim-third, provider: simulator, provider_model: sim-echo}",
            // A dollar a token, so that one call spends a budget of 50 cents.
            "  - {name: sim-priced, targets: [{provider: simulator, model: sim-echo,",
            "     prices: {input: 1000000, output: 1000000}}]}",
            "tracking: {spill_dir: target/tenancy-spill, flush_interval: 20ms}",
            "auth: {required: true, admin_keys: [" + ApiKeys.hash(ADMIN) + "]}",
            "routing: {rules: [{name: fast-lane, when: {metadata: {lane: fast}}, route_to: sim-other}]}",
            "tenants:",
            "  - name: acme",
            "    models: [sim-echo, sim-other]",
            "    teams:",
            "      - name: search",
            "        groups:",
            "          - name: backend",
            "            upstream: sim-echo",
            "            endpoints:",
            "              - {name: api, keys: [" + ApiKeys.hash(ACME) + "]}",
            "              - {name: limited, limits: {requests_per_minute: 3}, keys: [" + ApiKeys.hash(LIMITED) + "]}",
            "              - {name: tagged, tags: {lane: fast}, parameters: {max_tokens: 1},",
            "                 keys: [" + ApiKeys.hash(TAGGED) + "]}",
            "              - {name: budgeted, models: [sim-priced], limits: {spend_per_day: 0.5},",
            "                 keys: [" + ApiKeys.hash(BUDGETED) + "]}",
            "  - name: globex",
            "    teams: [{name: t, groups: [{name: g, endpoints: [{name: e, upstream: sim-third, keys: ["
            + ApiKeys.hash(GLOBEX) + "]}]}]}]",
            ""));

    @AfterAll
    static void closeClients() {
        clients.forEach(OpenAIClient::close);
    }

    @Test
    void anEndpointsKeyIsServedOnEveryDoorAndAMissingOrUnknownOneIsRefusedSayingWhich() {
        assertThat(openAi(ACME).chat().completions().create(ask("sim-other")).choices()).hasSize(1);
        assertThat(LlmgClient.connect(gateway.httpUri(), ACME).complete(TestGateway.ask("sim-echo", "hi"))
                             .getChoicesCount()).isEqualTo(1);
        assertThat(post("/api/v1/chat/completions", "{\"model\": \"sim-echo\", \"messages\": "
                        + "[{\"role\": \"ROLE_USER\", \"content\": [{\"text\": \"hi\"}]}]}", "x-api-key", ACME)
                   .status().code()).as("x-api-key, as Anthropic's SDKs send it").isEqualTo(200);

        assertThatThrownBy(() -> openAi("sk-not-ours").chat().completions().create(ask("sim-echo")))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("not one llmg knows")
                .hasMessageNotContaining("sk-not-ours");
        assertThatThrownBy(() -> LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("sim-echo", "hi")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("no API key was presented");
                });
        final AggregatedHttpResponse missing = WebClient.of(gateway.httpUri()).get("/api/v1/inferences")
                                                        .aggregate().join();
        assertThat(missing.status().code()).isEqualTo(401);
        assertThat(missing.contentUtf8()).contains("missing_api_key");
        assertThat(WebClient.of(gateway.httpUri()).get("/healthz").aggregate().join().status().code())
                .as("health checks need no key").isEqualTo(200);
    }

    @Test
    void callsThatNameNoModelGoToTheNearestUpstreamAndOnlyAllowedModelsAreServedEmbeddedOrListed() {
        final CreateChatCompletionResponse answer = LlmgClient.connect(gateway.httpUri(), GLOBEX).complete(
                ChatRequest.newBuilder(TestGateway.ask("", "no model named")).build());
        assertThat(answer.getGateway().getRouting().getModel()).as("the endpoint's own upstream").isEqualTo("sim-third");

        assertThatThrownBy(() -> openAi(ACME).chat().completions().create(ask("sim-third")))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("may not use model 'sim-third'").hasMessageContaining("sim-echo, sim-other");

        assertThatThrownBy(() -> openAi(ACME).embeddings().create(EmbeddingCreateParams.builder().model("sim-third")
                                                                      .input("text").build()))
                .as("embeddings too").isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("may not use model 'sim-third'");
        assertThat(openAi(ACME).embeddings().create(EmbeddingCreateParams.builder().model("sim-echo").input("text")
                                                                         .build()).data()).hasSize(1);

        final List<String> listed = new ArrayList<>();
        get("/v1/models", ACME).get("data").forEach(model -> listed.add(model.get("id").asText()));
        assertThat(listed).containsExactly("sim-echo", "sim-other");
        assertThat(WebClient.of(gateway.httpUri()).execute(RequestHeaders.builder(HttpMethod.GET, "/v1/models/sim-third")
                                                                         .add("authorization", "Bearer " + ACME)
                                                                         .build())
                            .aggregate().join().status().code()).as("not listed, not found").isEqualTo(404);
        assertThat(LlmgClient.connect(gateway.httpUri(), ADMIN).listModels().getModelsCount())
                .as("an admin sees every model").isEqualTo(4);
    }

    @Test
    void anEndpointsDefaultParametersApplyWhereTheRequestSetsNone() {
        final ChatRequest ask = TestGateway.ask("sim-echo", "one two three four");
        assertThat(LlmgClient.connect(gateway.httpUri(), TAGGED).complete(ask).getChoices(0).getFinishReason())
                .as("the endpoint's max_tokens: 1").isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(LlmgClient.connect(gateway.httpUri(), TAGGED).complete(ask.toBuilder().setMaxTokens(100).build())
                             .getChoices(0).getFinishReason())
                .as("the request's own wins").isEqualTo(FinishReason.FINISH_REASON_STOP);

        final AdminRest admin = new AdminRest(gateway, ADMIN);
        admin.createLevel("acme/search/backend/managed", "LEVEL_KIND_ENDPOINT",
                          "\"parameters\": {\"max_tokens\": 1, \"temperature\": 0.5}");
        final String key = admin.createKey("acme/search/backend/managed").get("key").asText();
        assertThat(LlmgClient.connect(gateway.httpUri(), key).complete(ask).getChoices(0).getFinishReason())
                .as("parameters set through the admin API").isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(admin.ok(HttpMethod.GET, "/api/v1/admin/levels?under=acme/search/backend/managed", null)
                        .toString()).contains("\"maxTokens\":1").contains("\"temperature\":0.5");
    }

    @Test
    void anEndpointsTagsReachRoutingRulesAndWinOverTheCallersOwnLabels() {
        final ChatRequest slow = TestGateway.ask("sim-echo", "hi").toBuilder().putMetadata("lane", "slow").build();
        final CreateChatCompletionResponse tagged = LlmgClient.connect(gateway.httpUri(), TAGGED).complete(slow);
        assertThat(tagged.getGateway().getRouting().getRule()).isEqualTo("fast-lane");
        assertThat(tagged.getGateway().getRouting().getModel()).isEqualTo("sim-other");
        assertThat(LlmgClient.connect(gateway.httpUri(), ACME).complete(slow).getGateway().getRouting().getModel())
                .as("an endpoint without the tag").isEqualTo("sim-echo");
    }

    @Test
    void anEndpointsLimitAnswers429WithTheHeadersSdksBackOffBy() {
        final String body = "{\"model\": \"sim-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        for (int i = 0; i < 3; i++) {
            final AggregatedHttpResponse served = post("/v1/chat/completions", body, "authorization", "Bearer " + LIMITED);
            assertThat(served.status().code()).isEqualTo(200);
            assertThat(served.headers().get("x-ratelimit-limit-requests")).isEqualTo("3");
            assertThat(served.headers().get("x-ratelimit-remaining-requests")).isEqualTo(String.valueOf(2 - i));
        }
        final AggregatedHttpResponse refused = post("/v1/chat/completions", body, "authorization", "Bearer " + LIMITED);
        assertThat(refused.status().code()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 60L);
        assertThat(refused.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(refused.contentUtf8()).contains("endpoint:acme/search/backend/limited has used its 3 requests");

        final OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey(LIMITED)
                                                   .maxRetries(0).build();
        clients.add(sdk);
        assertThatThrownBy(() -> sdk.chat().completions().create(ask("sim-echo"))).isInstanceOf(RateLimitException.class);
        assertThat(openAi(ACME).chat().completions().create(ask("sim-echo")).choices())
                .as("another endpoint of the same group is not limited").hasSize(1);
    }

    @Test
    void aBudgetRefusesOnceTheCallsOfItsDayHaveSpentIt() {
        final LlmgClient client = LlmgClient.connect(gateway.httpUri(), BUDGETED);
        assertThat(client.complete(TestGateway.ask("sim-priced", "one call")).getChoicesCount())
                .as("nothing spent yet").isEqualTo(1);
        assertThatThrownBy(() -> client.complete(TestGateway.ask("sim-priced", "another")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription())
                            .contains("endpoint:acme/search/backend/budgeted has spent its 0.5 USD per day");
                });
    }

    @Test
    void aTenantsCallersReadOnlyItsRecordsAndAnAdminReadsEveryTenants() {
        openAi(ACME).chat().completions().create(ask("sim-echo"));
        LlmgClient.connect(gateway.httpUri(), GLOBEX).complete(TestGateway.ask("", "globex's call"));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!callersIn(get("/api/v1/inferences?page.page_size=200", ADMIN)).containsAll(
                List.of(callerOf(ACME), callerOf(GLOBEX))) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(callersIn(get("/api/v1/inferences?page.page_size=200", ADMIN)))
                .as("an admin reads every tenant's records").contains(callerOf(ACME), callerOf(GLOBEX));
        assertThat(callersIn(get("/api/v1/inferences?page.page_size=200", GLOBEX))).containsOnly(callerOf(GLOBEX));
        assertThat(callersIn(get("/api/v1/inferences?page.page_size=200", ACME)))
                .doesNotContain(callerOf(GLOBEX)).contains(callerOf(ACME));
        final String acmeCall = get("/api/v1/inferences?page.page_size=1", ACME).get("inferences").get(0)
                                                                              .get("id").asText();
        assertThat(WebClient.of(gateway.httpUri()).execute(RequestHeaders.builder(HttpMethod.GET,
                                                                                  "/api/v1/inferences/" + acmeCall)
                                                                         .add("x-api-key", GLOBEX).build())
                            .aggregate().join().status().code()).as("another tenant's call is not found")
                                                                .isEqualTo(404);
        assertThat(get("/api/v1/admin/audit", ACME)).as("the admin API refuses a caller's key").isNull();
    }

    private static List<String> callersIn(JsonNode page) {
        final List<String> callers = new ArrayList<>();
        page.path("inferences").forEach(inference -> callers.add(inference.path("caller").asText()));
        return callers;
    }

    private static String callerOf(String key) {
        return Caller.unresolved(ApiKeys.hash(key)).id();
    }

    /** Returns the JSON answer of a GET with {@code key}, or null when it was refused with 403. */
    private static JsonNode get(String path, String key) {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(
                RequestHeaders.builder(HttpMethod.GET, path).add("authorization", "Bearer " + key).build())
                                                         .aggregate().join();
        if (response.status().code() == 403) {
            return null;
        }
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        try {
            return JSON.readTree(response.contentUtf8());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static AggregatedHttpResponse post(String path, String body, String header, String value) {
        return WebClient.of(gateway.httpUri()).execute(RequestHeaders.builder(HttpMethod.POST, path)
                                                                     .contentType(MediaType.JSON).add(header, value)
                                                                     .build(), body)
                        .aggregate().join();
    }

    private static ChatCompletionCreateParams ask(String model) {
        return ChatCompletionCreateParams.builder().model(ChatModel.of(model)).addUserMessage("hello").build();
    }

    private static synchronized OpenAIClient openAi(String key) {
        final OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey(key).build();
        clients.add(client);
        return client;
    }
}
