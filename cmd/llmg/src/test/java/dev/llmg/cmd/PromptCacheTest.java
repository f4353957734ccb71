package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.FunctionDefinition;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.client.LlmgClient;

/**
 * A prompt cache asked for by the caller reaches Anthropic as {@code cache_control} marks where the caller put them
 * (the system prompt as blocks, not one joined string), through the OpenAI SDK (Anthropic's extension that
 * OpenAI-compatible clients send) and the native API alike, and the answer's usage shows the cache reads and writes.
 */
class PromptCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANUAL = "You answer from this long manual. ".repeat(20);

    @RegisterExtension
    @Order(1)
    static final AnthropicRecorder anthropic = new AnthropicRecorder();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  anthropic:",
            "    type: anthropic",
            "    base_url: " + anthropic.httpUri() + "/v1",
            "    api_key: sk-ant-test",
            "models:",
            "  - name: claude",
            "    provider: anthropic",
            "    provider_model: claude-sonnet-4-20250514",
            ""));

    private static OpenAIClient sdk;

    @BeforeAll
    static void connect() {
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test").build();
    }

    @AfterAll
    static void close() {
        sdk.close();
    }

    @BeforeEach
    void forget() {
        anthropic.received.clear();
    }

    @Test
    void theOpenAiSdksCacheMarksReachAnthropicAndTheUsageShowsTheCache() throws Exception {
        final Map<String, JsonValue> ephemeral = Map.of("cache_control", JsonValue.from(Map.of("type", "ephemeral")));
        final ChatCompletion completion = sdk.chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude")
                        .addMessage(ChatCompletionSystemMessageParam.builder().contentOfArrayOfContentParts(List.of(
                                ChatCompletionContentPartText.builder().text(MANUAL)
                                        .additionalProperties(ephemeral).build(),
                                ChatCompletionContentPartText.builder().text("Be brief.").build())).build())
                        .addTool(ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder().function(
                                FunctionDefinition.builder().name("lookup").build())
                                .additionalProperties(Map.of("cache_control", JsonValue.from(
                                        Map.of("type", "ephemeral", "ttl", "1h")))).build()))
                        .addUserMessage("What does page 3 say?")
                        .build());

        final JsonNode sent = anthropic.next();
        assertThat(sent.get("system").isArray()).as("the system prompt as blocks: %s", sent).isTrue();
        assertThat(sent.at("/system/0/text").asText()).isEqualTo(MANUAL);
        assertThat(sent.at("/system/0/cache_control").toString()).isEqualTo("{\"type\":\"ephemeral\"}");
        assertThat(sent.at("/system/1").has("cache_control")).isFalse();
        assertThat(sent.at("/tools/0/cache_control").toString()).isEqualTo("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
        assertThat(sent.at("/messages/0/content").asText()).as("an unmarked turn keeps the short form")
                                                         .isEqualTo("What does page 3 say?");

        final var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).as("input tokens include cache reads and writes").isEqualTo(350);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(200L);
        assertThat(usage.promptTokensDetails().orElseThrow()._additionalProperties().get("cache_creation_input_tokens"))
                .isEqualTo(JsonValue.from(100));
    }

    @Test
    void aMarkOnAMessageWithStringContentEndsTheCacheAtThatMessage() throws Exception {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON).build(),
                HttpData.ofUtf8("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"" + MANUAL
                                + "\",\"cache_control\":{\"type\":\"ephemeral\"}},{\"role\":\"assistant\","
                                + "\"content\":\"Read.\"},{\"role\":\"user\",\"content\":\"Summarise.\"}]}")))
                                                          .aggregate().join();
        assertThat(response.status()).as(response.contentUtf8()).isEqualTo(HttpStatus.OK);
        final JsonNode sent = anthropic.next();
        assertThat(sent.at("/messages/0/content/0/text").asText()).isEqualTo(MANUAL);
        assertThat(sent.at("/messages/0/content/0/cache_control/type").asText()).isEqualTo("ephemeral");
        assertThat(sent.at("/messages/2/content").asText()).isEqualTo("Summarise.");
    }

    @Test
    void aCacheMarkOfAnUnknownKindIsRefusedNamingTheField() {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON).build(),
                HttpData.ofUtf8("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                                + "\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"forever\"}}]}]}")))
                                                          .aggregate().join();
        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.contentUtf8()).contains("messages[0].content[0].cache_control.type")
                                          .contains("ephemeral");
        assertThat(anthropic.received).isEmpty();
    }

    @Test
    void theNativeApiAsksForTheCacheWithTheCanonicalHint() throws Exception {
        final ChatRequest request = TestGateway.ask("claude", "What does page 3 say?").toBuilder()
                .addMessages(0, Message.newBuilder().setRole(Role.ROLE_SYSTEM).addContent(
                        ContentPart.newBuilder().setText(MANUAL).setCacheControl(CacheControl.getDefaultInstance())))
                .build();
        final CreateChatCompletionResponse response = LlmgClient.connect(gateway.httpUri()).complete(request);

        assertThat(anthropic.next().at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
        assertThat(response.getUsage().getCachedInputTokens()).isEqualTo(200);
        assertThat(response.getUsage().getCacheCreationInputTokens()).isEqualTo(100);
    }

    /** Plays Anthropic's Messages API on loopback: keeps each body it receives and answers with cache usage. */
    static final class AnthropicRecorder extends ServerExtension {
        final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

        @Override
        protected void configure(ServerBuilder sb) {
            final byte[] answer = read("/fixtures/edge-cases-anthropic-cache-usage.response.json");
            sb.service("/v1/messages", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                try {
                    received.add(JSON.readTree(request.contentUtf8()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, HttpData.wrap(answer));
            })));
        }

        JsonNode next() throws InterruptedException {
            final JsonNode body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).as("a request upstream within 10 s").isNotNull();
            return body;
        }

        private static byte[] read(String path) {
            try (InputStream in = PromptCacheTest.class.getResourceAsStream(path)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
