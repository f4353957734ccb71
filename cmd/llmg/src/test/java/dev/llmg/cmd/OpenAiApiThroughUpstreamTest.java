package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The OpenAI-compatible API in front of a real OpenAI-compatible server on loopback, called with the official
 * SDK: streamed chunks are relayed as they come (no buffering), a caller that goes away cancels the upstream
 * call, and a provider's 429 keeps its message and Retry-After.
 */
class OpenAiApiThroughUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final LoopbackUpstream upstream = new LoopbackUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
                "providers:",
                "  openai:",
                "    type: openai",
                "    base_url: " + upstream.baseUrl(),
                "    api_key: sk-test",
                "  claude:", // Anthropic has no embeddings API
                "    type: anthropic",
                "    base_url: http://127.0.0.1:1/v1",
                "    api_key: sk-ant-test",
                "models:",
                "  - name: gpt-4o-mini",
                "    provider: openai",
                "  - name: claude-chat",
                "    provider: claude",
                ""));

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test").build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void answersWithTheProvidersAnswerAndUsage() {
        final ChatCompletion completion = client.chat().completions().create(ask("hi"));
        assertThat(completion.choices().get(0).message().content()).contains("Hello from upstream");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(4L);
    }

    @Test
    @Timeout(20)
    void streamsEachChunkAsSoonAsTheProviderSendsIt() {
        upstream.reset();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("hi"))) {
            final Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            // The upstream holds its second event until we have the first: buffering anywhere would hang here.
            assertThat(chunks.next().choices().get(0).delta().content()).contains("first ");
            upstream.allowSecondEvent();
            assertThat(chunks.next().choices().get(0).delta().content()).contains("second");
        }
    }

    @Test
    @Timeout(20)
    void aCallerThatGoesAwayCancelsTheProviderCall() throws Exception {
        upstream.reset();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("hi"))) {
            assertThat(stream.stream().iterator().next().choices().get(0).delta().content()).contains("first ");
        } // closing the SDK's stream mid-answer drops the connection, as a caller that goes away does
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream ended abnormally").isNotNull();
        upstream.allowSecondEvent();
    }

    @Test
    void aProviderRateLimitIsA429WithItsMessageAndRetryAfter() throws Exception {
        // Raw HTTP rather than the SDK, which would honour the Retry-After and try again twice.
        final AggregatedHttpResponse response = OpenAiWireTestSupport.post(gateway, "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"rate-limit-me\"}]}");
        assertThat(response.status().code()).isEqualTo(429);
        assertThat(response.headers().get("retry-after")).isEqualTo("7");
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("Rate limit reached for requests", "req_limited");
    }

    @Test
    void aModelWhoseProviderCannotEmbedSaysSo() throws Exception {
        final AggregatedHttpResponse response = OpenAiWireTestSupport.post(gateway, "/v1/embeddings",
                "{\"model\":\"claude-chat\",\"input\":\"hi\"}");
        assertThat(response.status().code()).isEqualTo(400);
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertThat(error.get("message").asText()).contains("model 'claude-chat' cannot make embeddings");
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(error.get("code").asText()).isEqualTo("model_cannot_embed");
    }

    private static ChatCompletionCreateParams ask(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(text).build();
    }
}
