package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
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

    private static volatile CountDownLatch secondEventAllowed = new CountDownLatch(1);
    private static volatile CompletableFuture<Throwable> upstreamEnded = new CompletableFuture<>();

    /** A stand-in for OpenAI that the test steers: a fixed answer, a held stream, a rate limit. */
    @RegisterExtension
    @Order(1)
    static final ServerExtension upstream = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                final String body = request.contentUtf8();
                if (body.contains("rate-limit-me")) {
                    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS)
                                                          .contentType(MediaType.JSON).add("retry-after", "7")
                                                          .add("x-request-id", "req_limited").build(),
                                           HttpData.ofUtf8("{\"error\":{\"message\":\"Rate limit reached for "
                                                           + "requests\",\"type\":\"requests\","
                                                           + "\"code\":\"rate_limit_exceeded\"}}"));
                }
                if (!body.contains("\"stream\":true")) {
                    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON)
                                                          .add("x-request-id", "req_answered").build(),
                                           HttpData.ofUtf8(
                            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1755690953,"
                            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                            + "\"assistant\",\"content\":\"Hello from upstream\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,"
                            + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}"));
                }
                final HttpResponseWriter stream = HttpResponse.streaming();
                stream.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build());
                stream.write(event("{\"role\":\"assistant\",\"content\":\"first \"}"));
                final CompletableFuture<Throwable> ended = upstreamEnded;
                stream.whenComplete().handle((ignored, cause) -> ended.complete(cause));
                ctx.whenRequestCancelled().thenAccept(ended::complete);
                final CountDownLatch latch = secondEventAllowed;
                ctx.blockingTaskExecutor().execute(() -> { // waits off the event loop for the test's go-ahead
                    try {
                        if (latch.await(30, TimeUnit.SECONDS) && stream.isOpen()) {
                            stream.write(event("{\"content\":\"second\"}"));
                            stream.write(HttpData.ofUtf8("data: [DONE]\n\n"));
                            stream.close();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return stream;
            })));
        }
    };

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway("") {
        @Override
        protected void configure(ServerBuilder sb) {
            configureWith(sb, String.join("\n",
                    "providers:",
                    "  openai:",
                    "    type: openai",
                    "    base_url: " + upstream.httpUri() + "/v1",
                    "    api_key: sk-test",
                    "models:",
                    "  - name: gpt-4o-mini",
                    "    provider: openai",
                    ""));
        }
    };

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
        secondEventAllowed = new CountDownLatch(1);
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("hi"))) {
            final Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            // The upstream holds its second event until we have the first: buffering anywhere would hang here.
            assertThat(chunks.next().choices().get(0).delta().content()).contains("first ");
            secondEventAllowed.countDown();
            assertThat(chunks.next().choices().get(0).delta().content()).contains("second");
        }
    }

    @Test
    @Timeout(20)
    void aCallerThatGoesAwayCancelsTheProviderCall() throws Exception {
        secondEventAllowed = new CountDownLatch(1);
        upstreamEnded = new CompletableFuture<>();
        final CompletableFuture<Throwable> ended = upstreamEnded;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("hi"))) {
            assertThat(stream.stream().iterator().next().choices().get(0).delta().content()).contains("first ");
        } // closing the SDK's stream mid-answer drops the connection, as a caller that goes away does
        assertThat(ended.get(10, TimeUnit.SECONDS)).as("the upstream stream ended abnormally").isNotNull();
        secondEventAllowed.countDown();
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
                "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}");
        assertThat(response.status().code()).isEqualTo(400);
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertThat(error.get("message").asText()).contains("model 'gpt-4o-mini' cannot make embeddings");
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(error.get("code").asText()).isEqualTo("model_cannot_embed");
    }

    private static ChatCompletionCreateParams ask(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(text).build();
    }

    private static HttpObject event(String delta) {
        return HttpData.ofUtf8("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                               + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta
                               + ",\"finish_reason\":null}]}\n\n");
    }
}
