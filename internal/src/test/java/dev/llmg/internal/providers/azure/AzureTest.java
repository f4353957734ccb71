package dev.llmg.internal.providers.azure;

import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.JsonFormat;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Replays recorded Azure OpenAI exchanges (both URL styles) on loopback and checks the URL, the auth header
 * and the body llmg sends, the decoded answers, the content-filter results kept as provider metadata, and
 * Azure's errors, including a content-filter 400.
 */
class AzureTest {

    /** Azure's documented answer when the prompt trips the content filter. */
    private static final String CONTENT_FILTER_400 =
            "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content "
            + "management policy. Please modify your prompt and retry.\",\"type\":null,\"param\":\"prompt\","
            + "\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
            + "\"content_filter_result\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":"
            + "{\"filtered\":true,\"detected\":true}}}}}";

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("azure", sb -> {
        sb.serviceUnder("/filtered/", (ctx, req) ->
                HttpResponse.of(ResponseHeaders.builder(HttpStatus.BAD_REQUEST).contentType(MediaType.JSON)
                                               .add("apim-request-id", "apim-1").build(),
                                HttpData.ofUtf8(CONTENT_FILTER_400)));
        // An answer cut by the output filter, as Azure documents it.
        sb.serviceUnder("/cut/", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\",\"message\":{\"role\":"
                + "\"assistant\",\"content\":null},\"content_filter_results\":{\"violence\":{\"filtered\":true,"
                + "\"severity\":\"medium\"}}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0,"
                + "\"total_tokens\":5}}"));
    });

    private static final String KEY = "azure-key-0123456789";
    private static final String WEATHER = "{\"properties\":{\"location\":{\"description\":\"the city\","
                                          + "\"type\":\"string\"}},\"required\":[\"location\"],\"type\":\"object\"}";

    @Test
    void deploymentsStyleWithApiVersionAndApiKey() throws Exception {
        final OpenAiProvider provider = provider(server.baseUri("azure", "chat-basic"), false, Map.of(), "api-key");
        final Attempt attempt = Attempt.unlimited();
        final CreateChatCompletionResponse response = provider.complete(ChatRequest.newBuilder()
                .setModel("gpt-5-nano").addMessages(user("Hello!")).build(), attempt).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("azure", "chat-basic");
        assertThat(sent.headers().path()).isEqualTo(
                "/replay/azure/chat-basic/v1/openai/deployments/gpt-5-nano/chat/completions?api-version=2024-12-01-preview");
        assertThat(sent.headers().get("api-key")).isEqualTo(KEY);
        assertThat(sent.headers().contains("authorization")).isFalse();
        assertSentAsRecorded(sent.json(), "chat-basic");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).startsWith("Hi there! How can I help");
        assertThat(response.getUsage().getReasoningTokens()).isEqualTo(192);
        assertThat(response.getUsage().getTotalTokens()).isEqualTo(279);
        assertThat(attempt.providerRequestId()).as("Azure's apim-request-id").isEqualTo(
                "c44b65e2-6f05-4899-abbe-9cfe79d74b26");
        assertThat(json(response.getProviderMetadata())).isEqualTo(
                "{\"prompt_filter_results\":[{\"content_filter_results\":{},\"prompt_index\":0.0}],"
                + "\"choices\":[{\"index\":0.0,\"content_filter_results\":{}}]}");
    }

    @Test
    void v1StyleMapsTheModelToItsDeploymentAndKeepsFilterResults() throws Exception {
        final OpenAiProvider provider = provider(server.baseUri("azure", "chat-basic-v1"), true,
                                                 Map.of("mini", "gpt-5-mini"), "api-key");
        final CreateChatCompletionResponse response = provider.complete(ChatRequest.newBuilder().setModel("mini")
                .addMessages(system("You are a helpful assistant")).addMessages(user("Say hi in Portuguese"))
                .setMaxTokens(4000).build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("azure", "chat-basic-v1");
        assertThat(sent.headers().path()).isEqualTo("/replay/azure/chat-basic-v1/v1/openai/v1/chat/completions");
        assertSentAsRecorded(sent.json(), "chat-basic-v1");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Olá!");
        final String metadata = json(response.getProviderMetadata());
        assertThat(metadata).contains("\"jailbreak\":{\"detected\":false,\"filtered\":false}",
                                      "\"protected_material_code\":{\"detected\":false,\"filtered\":false}");
    }

    @Test
    void toolCallRoundTrip() {
        final OpenAiProvider first = provider(server.baseUri("azure", "chat-tools-v1-0"), true, Map.of(), "api-key");
        final CreateChatCompletionResponse calling = first.complete(weather().build(), Attempt.unlimited()).join();
        assertSentAsRecorded(server.takeRequest("azure", "chat-tools-v1-0").json(), "chat-tools-v1-0");
        assertThat(calling.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(calling.getChoices(0).getMessage().getToolCallsList()).containsExactly(
                call("call_mbWCiHb6eF0qjzWrYgK52fWS", "weather", "{\"location\":\"Florence, Italy\"}"));

        final OpenAiProvider second = provider(server.baseUri("azure", "chat-tools-v1-1"), true, Map.of(), "api-key");
        final CreateChatCompletionResponse answer = second.complete(weather()
                .addMessages(assistantCalling(calling.getChoices(0).getMessage().getToolCalls(0)))
                .addMessages(toolResult("call_mbWCiHb6eF0qjzWrYgK52fWS", "40 C")).build(), Attempt.unlimited()).join();
        assertSentAsRecorded(server.takeRequest("azure", "chat-tools-v1-1").json(), "chat-tools-v1-1");
        assertThat(answer.getChoices(0).getMessage().getContent(0).getText()).contains("40 °C");
    }

    @Test
    void streamingKeepsPromptFilterResultsOnTheFirstPiece() throws Exception {
        final OpenAiProvider provider = provider(server.baseUri("azure", "chat-streaming-v1"), true, Map.of(),
                                                 "api-key");
        final StreamedAnswer answer = new StreamedAnswer(provider.stream(ChatRequest.newBuilder()
                .setModel("gpt-5-mini").addMessages(system("You are a helpful assistant"))
                .addMessages(user("Say hi in Portuguese")).setMaxTokens(4000).build(), Attempt.unlimited())
                .collect().get(10, TimeUnit.SECONDS));

        assertSentAsRecorded(server.takeRequest("azure", "chat-streaming-v1").json(), "chat-streaming-v1");
        assertThat(answer.content).hasToString("Oi!");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage.getReasoningTokens()).isEqualTo(64);
        assertThat(answer.usage.getTotalTokens()).isEqualTo(95);
        assertThat(answer.pieces.get(0).getId()).isEqualTo("chatcmpl-DuLYkWnz0OixBh4yGRX57RgoH5wVP");
        assertThat(json(answer.pieces.get(0).getProviderMetadata())).contains("prompt_filter_results", "jailbreak");
        assertThat(json(answer.pieces.get(1).getProviderMetadata())).contains("protected_material_text");
    }

    @Test
    void aContentFilter400IsAClearNonRetryableError() {
        final ProviderException e = failure(server.baseUri("/filtered/x"));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.reason()).isEqualTo("content_filter");
        assertThat(e.getMessage()).contains("content management policy");
        assertThat(e.retryable()).isFalse();
        assertThat(e.providerRequestId()).isEqualTo("apim-1");
    }

    @Test
    void aFilteredAnswerFinishesWithContentFilterAndSaysWhy() throws Exception {
        final CreateChatCompletionResponse response = provider(server.baseUri("/cut/x"), false, Map.of(), "api-key")
                .complete(ChatRequest.newBuilder().setModel("gpt-4o").addMessages(user("...")).build(), Attempt.unlimited()).join();

        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_CONTENT_FILTER);
        assertThat(json(response.getProviderMetadata())).contains("\"violence\":{\"filtered\":true");
    }

    @Test
    void authAndRateLimitErrors() {
        final ProviderException denied = failure(server.baseUri("azure", "error-401-foundry"));
        assertThat(denied.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(denied.getMessage()).contains("Access denied due to invalid subscription key");

        final ProviderException limited = failure(server.baseUri("azure", "error-429-rate-limit-foundry"));
        assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.reason()).isEqualTo("RateLimitReached");
        assertThat(limited.retryAfter()).as("Retry-After: 1 wins over Retry-After-Ms: 0").contains(Duration.ofSeconds(1));
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.providerRequestId()).isEqualTo("d3be1dcd-5e15-488e-b48f-a3066967d205");
    }

    @Test
    void aBearerTokenGoesInAuthorization() {
        provider(server.baseUri("azure", "chat-basic"), false, Map.of(), "authorization")
                .complete(ChatRequest.newBuilder().setModel("gpt-5-nano").addMessages(user("Hello!")).build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("azure", "chat-basic");
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.headers().contains("api-key")).isFalse();
        assertThat(sent.headers().path()).contains("api-version=2024-12-01-preview");
    }

    private static ProviderException failure(URI baseUri) {
        try {
            provider(baseUri, false, Map.of(), "api-key").complete(ChatRequest.newBuilder().setModel("grok")
                    .addMessages(user("Hello")).build(), Attempt.unlimited()).join();
        } catch (CompletionException e) {
            return (ProviderException) e.getCause();
        }
        throw new AssertionError("no failure");
    }

    private static ChatRequest.Builder weather() {
        return ChatRequest.newBuilder().setModel("gpt-5-mini")
                          .addMessages(system("You are a helpful assistant"))
                          .addMessages(user("What's the weather in Florence,Italy?"))
                          .setMaxTokens(4000).setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                          .addTools(tool("weather", "Get weather information for a location", WEATHER, false));
    }

    static OpenAiProvider provider(URI baseUri, boolean v1, Map<String, String> deployments, String authHeader) {
        return new OpenAiProvider(OpenAiSettings.of("azure", baseUri, KEY).withAuthHeader(authHeader),
                                  ClientFactory.ofDefault(),
                                  new AzureEndpoints(v1, "2024-12-01-preview", deployments));
    }

    private static void assertSentAsRecorded(JsonNode sent, String fixture) {
        final JsonNode expected = JsonTrees.asLlmgWouldSendIt(Fixtures.json("azure", "azure", fixture + ".request.json"));
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request").isEmpty();
    }

    private static String json(com.google.protobuf.Struct struct) throws Exception {
        return JsonFormat.printer().omittingInsignificantWhitespace().print(struct);
    }
}
