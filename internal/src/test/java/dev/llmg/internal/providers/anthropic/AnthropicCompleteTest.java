package dev.llmg.internal.providers.anthropic;

import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Sends canonical requests that correspond to recorded Anthropic exchanges through
 * {@link AnthropicProvider#complete} to a loopback server replaying them, and checks both directions: the
 * body sent equals the recorded one (in llmg's spelling, see {@link AnthropicWire}), and the recorded answer
 * maps to the canonical response it means.
 */
class AnthropicCompleteTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("anthropic", sb -> sb.service(
            "/models/v1/models", (ctx, req) -> {
                // No recording of GET /v1/models exists in the fixtures: this body follows Anthropic's documented shape.
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                        "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-20250514\",\"display_name\":"
                        + "\"Claude Sonnet 4\"},{\"type\":\"model\",\"id\":\"claude-haiku-4-5-20251001\"}],"
                        + "\"has_more\":false}");
            }));

    static final String WEATHER = "{\"properties\":{\"location\":{\"description\":\"the city\",\"type\":\"string\"}},"
                                  + "\"required\":[\"location\"],\"type\":\"object\"}";
    static final String SECRET = "{\"properties\":{\"password\":{\"title\":\"Password\",\"type\":\"string\"}},"
                                 + "\"required\":[\"password\"],\"additionalProperties\":false,\"type\":\"object\"}";

    @Test
    void basic() {
        final CreateChatCompletionResponse response = complete("anthropic", "messages-basic", ChatRequest.newBuilder()
                .setModel("claude-3-opus-20240229").addMessages(user("Hello, how are you?"))
                .setMaxTokens(100).setTemperature(0));

        final ReplayServer.ReceivedRequest sent = server.takeRequest("anthropic", "messages-basic");
        assertSentAsRecordedFrom(sent.json(), "messages-basic");
        assertThat(response.getId()).isEqualTo("msg_014pVpaDLxzAdWjwpuN7rQQX");
        assertThat(response.getModel()).isEqualTo("claude-3-opus-20240229");
        assertThat(response.getChoices(0).getMessage()).isEqualTo(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                .addContent(text("Hello! As an AI language model, I don't have feelings, but I'm functioning "
                                 + "properly and ready to assist you. How can I help you today?")).build());
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(response.getUsage()).isEqualTo(usage(13, 35, 0, 0));
        assertThat(attempt.providerRequestId()).isEqualTo("req_011CSFCDzbeWe2qGKAeNMhfZ");
        assertThat(attempt.httpStatus()).isEqualTo(200);
        assertThat(sent.headers().path()).isEqualTo("/replay/anthropic/messages-basic/v1/messages");
        assertThat(sent.headers().get("x-api-key")).isEqualTo(AnthropicWire.KEY);
        assertThat(sent.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.headers().contains("authorization")).isFalse();
    }

    @Test
    void toolUseRoundTrip() {
        final CreateChatCompletionResponse first = complete("anthropic", "messages-tool-use-0", weather());
        assertSentAsRecorded("messages-tool-use-0");
        assertThat(first.getChoices(0).getMessage()).isEqualTo(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                .addContent(text("I'll check the weather in Florence, Italy for you."))
                .addToolCalls(call("toolu_01XLb9pzgfLa2EMyqWot6Ezt", "weather", "{\"location\":\"Florence,Italy\"}"))
                .build());
        assertThat(first.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(first.getUsage()).isEqualTo(usage(394, 66, 0, 0));

        final CreateChatCompletionResponse second = complete("anthropic", "messages-tool-use-1", weather()
                .addMessages(first.getChoices(0).getMessage())
                .addMessages(toolResult("toolu_01XLb9pzgfLa2EMyqWot6Ezt", "40 C")));
        assertSentAsRecorded("messages-tool-use-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText()).startsWith(
                "The current weather in Florence, Italy is 40°C (104°F).");
        assertThat(second.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
    }

    @Test
    void parallelToolUseAndTwoToolResultsMergedIntoOneUserTurn() {
        final CreateChatCompletionResponse first = complete("anthropic", "messages-parallel-tool-use-0", secrets());
        assertSentAsRecorded("messages-parallel-tool-use-0");
        assertThat(first.getChoices(0).getMessage().getToolCallsList()).containsExactly(
                call("toolu_01BUvqBj8Yb34pNAbCJJY1oc", "secret_retrieval_tool", "{\"password\":\"mellon\"}"),
                call("toolu_01VPuQJ1LonDBYXrr8pqPkqQ", "secret_retrieval_tool", "{\"password\":\"radiance\"}"));

        final CreateChatCompletionResponse second = complete("anthropic", "messages-parallel-tool-use-1", secrets()
                .addMessages(first.getChoices(0).getMessage())
                .addMessages(toolResult("toolu_01BUvqBj8Yb34pNAbCJJY1oc", "Welcome to Moria!"))
                .addMessages(toolResult("toolu_01VPuQJ1LonDBYXrr8pqPkqQ", "Life before Death")));
        assertSentAsRecorded("messages-parallel-tool-use-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText()).contains("**Life before Death**");
        assertThat(second.getUsage()).isEqualTo(usage(602, 39, 0, 0));
    }

    @Test
    void betaHeaderAndMaxTokensStop() {
        final AnthropicProvider provider = new AnthropicProvider(
                AnthropicSettings.of("anthropic", server.baseUri("anthropic", "messages-beta-header"), AnthropicWire.KEY)
                                 .withBetas(List.of("tools-2024-05-16")), ClientFactory.ofDefault());
        final CreateChatCompletionResponse response = provider.complete(ChatRequest.newBuilder()
                .setModel("claude-3-opus-20240229").addMessages(user("What's the weather like?"))
                .setMaxTokens(100).setTemperature(0)
                .addTools(tool("get_weather", "Get the weather for a location",
                               "{\"properties\":{\"location\":{\"description\":\"The location to get weather for\","
                               + "\"type\":\"string\"}},\"required\":[\"location\"],\"type\":\"object\"}", false))
                .build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = server.takeRequest("anthropic", "messages-beta-header");
        assertThat(sent.headers().get("anthropic-beta")).isEqualTo("tools-2024-05-16");
        assertSentAsRecordedFrom(sent.json(), "messages-beta-header");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
    }

    @Test
    void theConfiguredDefaultMaxTokensIsSentWhenTheRequestHasNone() {
        final AnthropicProvider provider = new AnthropicProvider(
                AnthropicSettings.of("anthropic", server.baseUri("anthropic", "messages-max-tokens"), AnthropicWire.KEY)
                                 .withDefaultMaxTokens(50), ClientFactory.ofDefault());
        final CreateChatCompletionResponse response = provider.complete(ChatRequest.newBuilder()
                .setModel("claude-sonnet-4-0").addMessages(user("List all U.S. states.")).build(), Attempt.unlimited()).join();

        assertSentAsRecorded("messages-max-tokens");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
    }

    @Test
    void cacheTokensCountAsInputAndAreReportedApart() {
        final CreateChatCompletionResponse response = complete("edge-cases", "anthropic-cache-usage",
                ChatRequest.newBuilder().setModel("m").addMessages(user("hi")));

        assertThat(response.getUsage()).isEqualTo(usage(50 + 100 + 200, 30, 200, 100));
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Hello from Claude!");
    }

    @Test
    void errorsKeepTheProvidersWordsKindAndRetryability() {
        final ProviderException tooLong = failure("error-400-prompt-too-long");
        assertThat(tooLong.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(tooLong.getMessage()).contains("prompt is too long: 3333404 tokens > 200000 maximum");
        assertThat(tooLong.reason()).isEqualTo("invalid_request_error");
        assertThat(tooLong.retryable()).isFalse();

        final ProviderException denied = failure("error-401-authentication");
        assertThat(denied.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(denied.getMessage()).contains("invalid x-api-key").doesNotContain(AnthropicWire.KEY);
        assertThat(denied.providerRequestId()).isEqualTo("req_011CWdMEehrhsdujMyQ9pChP");
        assertThat(denied.providerStatus()).isEqualTo(401);

        assertThat(failure("error-404-model-not-found").kind()).isEqualTo(ErrorKind.NOT_FOUND);

        final ProviderException limited = failure("error-429-rate-limit-no-retry-after");
        assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.retryable()).as("x-should-retry: false wins over the status").isFalse();
        assertThat(limited.retryAfter()).isEmpty();

        final ProviderException overloaded = failure("error-529-overloaded");
        assertThat(overloaded.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(overloaded.reason()).isEqualTo("overloaded_error");
        assertThat(overloaded.retryable()).isTrue();
    }

    @Test
    void listsModels() {
        assertThat(AnthropicWire.provider(server.baseUri("/models/v1")).listModels().join())
                .containsExactly("claude-sonnet-4-20250514", "claude-haiku-4-5-20251001");
    }

    static Usage usage(int input, int output, int cacheRead, int cacheWrite) {
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setTotalTokens(input + output)
                    .setCachedInputTokens(cacheRead).setCacheCreationInputTokens(cacheWrite).build();
    }

    static ChatRequest.Builder weather() {
        return ChatRequest.newBuilder().setModel("claude-sonnet-4-20250514")
                          .addMessages(system("You are a helpful assistant"))
                          .addMessages(user(text("What's the weather in Florence,Italy?")))
                          .setMaxTokens(4000)
                          .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO)).setParallelToolCalls(true)
                          .addTools(tool("weather", "Get weather information for a location", WEATHER, false));
    }

    private static ChatRequest.Builder secrets() {
        return ChatRequest.newBuilder().setModel("claude-sonnet-4-0")
                          .addMessages(system("Use parallel tool calling."))
                          .addMessages(user("Please retrieve the secrets associated with each of these passwords: "
                                            + "mellon,radiance"))
                          .setMaxTokens(16000)
                          .addTools(tool("secret_retrieval_tool", "A tool that requires a password to retrieve a secret.",
                                         SECRET, false));
    }

    private static ProviderException failure(String fixture) {
        try {
            complete("anthropic", fixture, ChatRequest.newBuilder().setModel("claude-sonnet-4-0")
                                                      .addMessages(user("hi")));
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ProviderException.class);
            return (ProviderException) e.getCause();
        }
        throw new AssertionError(fixture + " did not fail");
    }

    /** The attempt of the last {@link #complete} call, where the provider reported the upstream's answer. */
    private static Attempt attempt;

    private static CreateChatCompletionResponse complete(String folder, String fixture, ChatRequest.Builder request) {
        attempt = Attempt.unlimited();
        return AnthropicWire.provider(server.baseUri(folder, fixture)).complete(request.build(), attempt).join();
    }

    static void assertSentAsRecorded(String fixture) {
        assertSentAsRecordedFrom(server.takeRequest("anthropic", fixture).json(), fixture);
    }

    static void assertSentAsRecordedFrom(JsonNode sent, String fixture) {
        final JsonNode expected = AnthropicWire.asLlmgWouldSendIt(
                Fixtures.json("anthropic", "anthropic", fixture + ".request.json"));
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request").isEmpty();
    }
}
