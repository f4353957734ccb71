package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;

import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.UrlCitation;
import dev.llmg.api.gateway.v1.WebSearchOptions;
import dev.llmg.client.LlmgClient;

/**
 * Log probabilities and web citations a provider returns reach the caller (the OpenAI SDK's typed
 * {@code logprobs} and {@code annotations}, and the native API's), and what the caller asked for to get them
 * ({@code logprobs}, {@code top_logprobs}, {@code web_search_options}) reaches the provider.
 */
class LogprobsAndCitationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** OpenAI's documented shape of an answer with log probabilities and a URL citation. */
    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-search-preview\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Tides follow the moon.\",\"refusal\":null,\"annotations\":[{\"type\":\"url_citation\","
            + "\"url_citation\":{\"url\":\"https://example.org/tides\",\"title\":\"Tides\",\"start_index\":0,"
            + "\"end_index\":21}}]},\"logprobs\":{\"content\":[{\"token\":\"Tides\",\"logprob\":-0.01,\"bytes\":"
            + "[84,105,100,101,115],\"top_logprobs\":[{\"token\":\"Tides\",\"logprob\":-0.01,\"bytes\":[84,105,100,"
            + "101,115]},{\"token\":\"The\",\"logprob\":-4.6,\"bytes\":[84,104,101]}]}],\"refusal\":null},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5,"
            + "\"total_tokens\":10}}";

    @RegisterExtension
    @Order(1)
    static final Upstream openai = new Upstream();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  openai:",
            "    type: openai",
            "    base_url: " + openai.httpUri() + "/v1",
            "    api_key: sk-test",
            "models:",
            "  - name: search",
            "    provider: openai",
            "    provider_model: gpt-4o-search-preview",
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
        openai.received.clear();
    }

    @Test
    void theOpenAiSdkGetsTypedLogprobsAndCitations() throws Exception {
        final ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("search").addUserMessage("Why are there tides?").logprobs(true).topLogprobs(2)
                .webSearchOptions(ChatCompletionCreateParams.WebSearchOptions.builder()
                        .searchContextSize(ChatCompletionCreateParams.WebSearchOptions.SearchContextSize.LOW).build())
                .build());

        final JsonNode sent = openai.next();
        assertThat(sent.get("logprobs").asBoolean()).isTrue();
        assertThat(sent.get("top_logprobs").asInt()).isEqualTo(2);
        assertThat(sent.get("web_search_options").toString()).isEqualTo("{\"search_context_size\":\"low\"}");

        final ChatCompletionTokenLogprob token =
                completion.choices().get(0).logprobs().orElseThrow().content().orElseThrow().get(0);
        assertThat(token.token()).isEqualTo("Tides");
        assertThat(token.logprob()).isEqualTo(-0.01);
        assertThat(token.bytes().orElseThrow()).containsExactly(84L, 105L, 100L, 101L, 115L);
        assertThat(token.topLogprobs()).extracting(ChatCompletionTokenLogprob.TopLogprob::token)
                                       .containsExactly("Tides", "The");
        final ChatCompletionMessage.Annotation.UrlCitation citation =
                completion.choices().get(0).message().annotations().orElseThrow().get(0).urlCitation();
        assertThat(citation.url()).isEqualTo("https://example.org/tides");
        assertThat(citation.endIndex()).isEqualTo(21);
    }

    @Test
    void theNativeApiCarriesThemToo() throws Exception {
        final CreateChatCompletionResponse response = LlmgClient.connect(gateway.httpUri()).complete(
                TestGateway.ask("search", "Why are there tides?").toBuilder().setLogprobs(true).setTopLogprobs(1)
                           .setWebSearchOptions(WebSearchOptions.getDefaultInstance()).build());

        assertThat(openai.next().get("web_search_options").toString()).isEqualTo("{}");
        final Choice choice = response.getChoices(0);
        assertThat(choice.getLogprobs().getContent(0).getTopLogprobs(1).getToken()).isEqualTo("The");
        assertThat(choice.getMessage().getAnnotations(0).getUrlCitation()).isEqualTo(UrlCitation.newBuilder()
                .setUrl("https://example.org/tides").setTitle("Tides").setStartIndex(0).setEndIndex(21).build());
    }

    /** Plays OpenAI: keeps each body and answers with log probabilities and a citation. */
    static final class Upstream extends ServerExtension {
        final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                try {
                    received.add(JSON.readTree(request.contentUtf8()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, HttpData.ofUtf8(ANSWER));
            })));
        }

        JsonNode next() throws InterruptedException {
            final JsonNode body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).as("a request upstream within 10 s").isNotNull();
            return body;
        }
    }
}
