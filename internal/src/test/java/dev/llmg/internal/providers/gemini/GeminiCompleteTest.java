package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.replay.Chat.assistant;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.image;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.ReasoningEffort;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Sends canonical requests that correspond to recorded Gemini exchanges through {@link GeminiProvider#complete}
 * to a loopback server replaying them, and checks both directions: the body sent equals the recorded one (in
 * llmg's spelling, see {@link GeminiWire}), and the recorded answer maps to the canonical response it means.
 */
class GeminiCompleteTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("gemini", sb -> sb.service(
            "/rate-limited/v1beta/models/gemini-2.5-flash:generateContent", (ctx, req) ->
                    // No recording of a 429 exists in the fixtures: this body follows Google's documented shape.
                    HttpResponse.of(HttpStatus.TOO_MANY_REQUESTS, MediaType.JSON,
                            "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota.\","
                            + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                            + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"7s\"}]}}")));

    static final String WEATHER = "{\"type\":\"object\",\"properties\":{\"latitude\":{\"type\":\"string\","
                                  + "\"description\":\"Latitude (e.g., 52.5200)\"},\"longitude\":{\"type\":\"string\","
                                  + "\"description\":\"Longitude (e.g., 13.4050)\"}},\"required\":[\"latitude\",\"longitude\"]}";
    static final String BERLIN = "What's the weather in Berlin? (52.5200, 13.4050)";
    static final String BERLIN_WEATHER = "Current weather at 52.5200, 13.4050: 15°C, Wind: 10 km/h";

    /** The attempt of the last {@link #complete} call, where the provider reported the upstream's answer. */
    private static Attempt attempt;

    @Test
    void basicWithThoughtsCountedAsOutput() {
        final CreateChatCompletionResponse response = complete("generate-basic", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash").addMessages(user("What's 2 + 2?")));

        final ReplayServer.ReceivedRequest sent = server.takeRequest("gemini", "generate-basic");
        assertSentAsRecordedFrom(sent.json(), "generate-basic");
        assertThat(sent.headers().path())
                .isEqualTo("/replay/gemini/generate-basic/v1/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.headers().get("x-goog-api-key")).isEqualTo(GeminiWire.KEY);
        assertThat(sent.headers().path()).doesNotContain(GeminiWire.KEY);
        assertThat(response.getId()).isEqualTo("Cr-FaqLbNpfYkdUP-bmpoAw");
        assertThat(response.getModel()).isEqualTo("gemini-2.5-flash");
        assertThat(response.getChoices(0).getMessage()).isEqualTo(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                .addContent(text("2 + 2 = **4**")).build());
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(response.getUsage()).isEqualTo(usage(10, 8 + 23, 41, 0, 23));
        assertThat(attempt.httpStatus()).isEqualTo(200);
    }

    @Test
    void systemInstructionAndMaxOutputTokens() {
        final CreateChatCompletionResponse response = complete("generate-system-instruction", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash").addMessages(system("You are a helpful assistant"))
                .addMessages(user("Say hi in Portuguese")).setMaxTokens(4000));

        assertSentAsRecorded("generate-system-instruction");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Olá!");
    }

    @Test
    void multiTurnHistoryUsesTheRoleModel() {
        final CreateChatCompletionResponse response = complete("generate-multiturn-1", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash")
                .addMessages(user("Who is the creator of the programming language Ruby?"))
                .addMessages(assistant("The creator of the programming language Ruby is **Yukihiro Matsumoto**, "
                                       + "often referred to by his nickname **\"Matz\"**.\n\nHe is a Japanese "
                                       + "computer scientist and software engineer who started working on Ruby in "
                                       + "the mid-1990s."))
                .addMessages(user("What year did he create Ruby?")));

        assertSentAsRecorded("generate-multiturn-1");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .startsWith("Yukihiro Matsumoto (Matz) first **publicly released** Ruby");
        assertThat(response.getUsage()).isEqualTo(usage(71, 58 + 147, 276, 0, 147));
    }

    @Test
    void inlineImageFromADataUrl() {
        final JsonNode recorded = Fixtures.json("gemini", "gemini", "generate-image-input.request.json");
        final String data = recorded.at("/contents/0/parts/1/inline_data/data").asText();
        final CreateChatCompletionResponse response = complete("generate-image-input", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash")
                .addMessages(user(text("What do you see in this image?"), image("data:image/png;base64," + data))));

        assertSentAsRecorded("generate-image-input");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).startsWith("I see a faceted");
    }

    @Test
    void maxTokensWithNoPartsIsALengthStopWithEmptyContent() {
        final CreateChatCompletionResponse response = complete("generate-max-tokens-empty-content",
                ChatRequest.newBuilder().setModel("gemini-2.5-pro").addMessages(system("You are a helpful chatbot."))
                           .addMessages(user("What is the capital of France?")).setMaxTokens(5));

        assertSentAsRecorded("generate-max-tokens-empty-content");
        assertThat(response.getChoices(0).getMessage())
                .isEqualTo(Message.newBuilder().setRole(Role.ROLE_ASSISTANT).build());
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(response.getUsage()).isEqualTo(usage(15, 2, 17, 0, 2));
        assertThat(response.getModel()).isEqualTo("gemini-2.5-pro");
    }

    @Test
    void cachedTokensAreReportedApartAndCountAsInput() {
        final CreateChatCompletionResponse response = complete("generate-cached-content", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash")
                .addMessages(user("In one short sentence, what does the cached handbook describe?")));

        assertSentAsRecorded("generate-cached-content");
        assertThat(response.getUsage()).isEqualTo(usage(9622, 35 + 136, 9793, 9609, 136));
    }

    @Test
    void thinkingAskedByEffortIsALevelOnGemini3AndThoughtPartsBecomeReasoning() {
        final CreateChatCompletionResponse response = complete("generate-thinking", ChatRequest.newBuilder()
                .setModel("gemini-3-flash-preview")
                .setReasoning(ReasoningConfig.newBuilder().setEffort(ReasoningEffort.REASONING_EFFORT_LOW))
                .addMessages(user("If a magic mirror shows your future self, but only if you ask a question it "
                                  + "cannot answer truthfully, what question do you ask to see your future, and "
                                  + "what would the mirror reveal about the answer it gives?")));

        assertSentAsRecorded("generate-thinking");
        final Message message = response.getChoices(0).getMessage();
        assertThat(message.getReasoning()).startsWith("**The Mirror's Paradox: Unveiling the Future Self**");
        assertThat(message.getContentCount()).isEqualTo(1);
        assertThat(message.getContent(0).getText()).startsWith("To see your future in such a mirror")
                                                   .doesNotContain("Mirror's Paradox");
        assertThat(response.getUsage().getReasoningTokens()).isEqualTo(1116);
    }

    @Test
    void responseSchemaIsSentAsJsonSchema() {
        final CreateChatCompletionResponse response = complete("generate-response-schema", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash")
                .addMessages(user("What is the square root of 64? Answer with a JSON object with the key `result`."))
                .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                        .setJsonSchema(JsonSchema.newBuilder().setName("answer").setSchema(Fixtures.struct(
                                "{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"number\"}}}")))));

        assertSentAsRecorded("generate-response-schema");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("{\"result\": 8}");
    }

    @Test
    void toolCallRoundTrip() {
        final CreateChatCompletionResponse first = complete("generate-tool-call-0", weather());

        assertSentAsRecorded("generate-tool-call-0");
        assertThat(unsigned(first.getChoices(0).getMessage().getToolCallsList())).containsExactly(
                call("call_0", "weather", "{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}"));
        assertThat(first.getChoices(0).getMessage().getToolCalls(0).getSignature()).as("Gemini's thoughtSignature")
                                                                                     .startsWith("CsIEARFNMg8g");
        assertThat(first.getChoices(0).getMessage().getContentCount()).isZero();
        assertThat(first.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);

        final CreateChatCompletionResponse second = complete("generate-tool-call-1", weather()
                .addMessages(first.getChoices(0).getMessage())
                .addMessages(toolResult("call_0", BERLIN_WEATHER)));
        assertSentAsRecorded("generate-tool-call-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("The weather in Berlin is 15°C, with wind at 10 km/h.");
        assertThat(second.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
    }

    @Test
    void parallelCallsGetStableIdsAndTheirResultsTravelInOneTurn() {
        final ChatRequest.Builder request = ChatRequest.newBuilder().setModel("gemini-2.5-flash")
                .addMessages(user("What's the weather in Berlin (52.5200, 13.4050) and what's the best language to learn?"))
                .addTools(tool("weather", "Gets current weather for a location", WEATHER, false))
                .addTools(tool("best_language_to_learn", "Gets the best language to learn",
                               "{\"type\":\"object\",\"properties\":{},\"required\":[]}", false));
        final CreateChatCompletionResponse first = complete("generate-parallel-tool-calls-0", request.clone());

        assertSentAsRecorded("generate-parallel-tool-calls-0");
        assertThat(unsigned(first.getChoices(0).getMessage().getToolCallsList())).containsExactly(
                call("call_0", "weather", "{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}"),
                call("call_1", "best_language_to_learn", "{}"));
        assertThat(first.getChoices(0).getMessage().getToolCalls(0).getSignature())
                .as("the step's signature, on its first call").startsWith("CpEDARFNMg9f");
        assertThat(first.getUsage()).isEqualTo(usage(143, 44 + 109, 296, 0, 109));

        final CreateChatCompletionResponse second = complete("generate-parallel-tool-calls-1", request
                .addMessages(first.getChoices(0).getMessage()) // with its thought signature, as Gemini wants
                .addMessages(toolResult("call_0", BERLIN_WEATHER))
                .addMessages(toolResult("call_1", "Ruby")));
        assertSentAsRecorded("generate-parallel-tool-calls-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText()).endsWith("The best language to learn is Ruby.");
    }

    @Test
    void aNamedToolChoiceForcesThatFunction() {
        final CreateChatCompletionResponse response = complete("generate-tool-choice-any", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash").addMessages(user("What's the fall of Rome?"))
                .addTools(tool("weather", "Gets current weather for a location", WEATHER, false))
                .setToolChoice(ToolChoice.newBuilder().setToolName("weather")));

        assertSentAsRecorded("generate-tool-choice-any");
        assertThat(response.getChoices(0).getMessage().getToolCalls(0).getName()).isEqualTo("weather");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
    }

    @Test
    void errorsKeepGooglesWordsAndMapToTheRightKind() {
        final ProviderException badKey = failure("error-400-api-key-invalid");
        assertThat(badKey.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(badKey.reason()).isEqualTo("API_KEY_INVALID");
        assertThat(badKey.getMessage()).contains("API key not valid. Please pass a valid API key.")
                                       .doesNotContain(GeminiWire.KEY);
        assertThat(badKey.providerStatus()).isEqualTo(400);
        assertThat(badKey.retryable()).isFalse();

        final ProviderException denied = failure("error-403-permission-denied");
        assertThat(denied.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
        assertThat(denied.reason()).isEqualTo("PERMISSION_DENIED");

        final ProviderException missing = failure("error-404-model-not-found");
        assertThat(missing.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(missing.getMessage()).contains("is not found for API version v1beta");
    }

    @Test
    void aRateLimitCarriesTheRetryDelayOfItsDetails() {
        final ProviderException limited = failure(GeminiWire.provider(server.baseUri("/rate-limited")));
        assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.reason()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(limited.retryable()).isTrue();
    }

    @Test
    void aModelThatCouldLeaveThePathIsRefusedBeforeAnythingIsSent() {
        final GeminiProvider provider = GeminiWire.provider(server.baseUri("/nowhere"));
        assertThat(provider.modelPath("gemini-2.5-flash")).isEqualTo("/v1beta/models/gemini-2.5-flash");
        assertThat(provider.modelPath("models/gemini-2.5-flash")).isEqualTo("/v1beta/models/gemini-2.5-flash");
        final CompletionException thrown = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> GeminiWire.provider(server.baseUri("/nowhere")).complete(ChatRequest.newBuilder()
                        .setModel("../files?x=1").addMessages(user("hi")).build(), Attempt.unlimited()).join());
        assertThat(thrown.getCause()).hasMessageContaining("a Gemini model is an id");
    }

    static ChatRequest.Builder weather() {
        return ChatRequest.newBuilder().setModel("gemini-2.5-flash").addMessages(user(BERLIN))
                          .addTools(tool("weather", "Gets current weather for a location", WEATHER, false));
    }

    static Usage usage(int input, int output, int total, int cached, int reasoning) {
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setTotalTokens(total)
                    .setCachedInputTokens(cached).setReasoningTokens(reasoning).build();
    }

    private static ProviderException failure(String fixture) {
        return failure(GeminiWire.provider(server.baseUri("gemini", fixture)));
    }

    private static ProviderException failure(GeminiProvider provider) {
        try {
            provider.complete(ChatRequest.newBuilder().setModel("gemini-2.5-flash").addMessages(user("Hello")).build(),
                              Attempt.unlimited()).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ProviderException.class);
            return (ProviderException) e.getCause();
        }
        throw new AssertionError("the call did not fail");
    }

    /** Returns the calls without their thought signatures, to compare with calls written by hand. */
    static List<dev.llmg.api.gateway.v1.ToolCall> unsigned(List<dev.llmg.api.gateway.v1.ToolCall> calls) {
        return calls.stream().map(call -> call.toBuilder().clearSignature().build()).toList();
    }

    private static CreateChatCompletionResponse complete(String fixture, ChatRequest.Builder request) {
        attempt = Attempt.unlimited();
        return GeminiWire.provider(server.baseUri("gemini", fixture)).complete(request.build(), attempt).join();
    }

    static void assertSentAsRecorded(String fixture) {
        assertSentAsRecordedFrom(server.takeRequest("gemini", fixture).json(), fixture);
    }

    static void assertSentAsRecordedFrom(JsonNode sent, String fixture) {
        final JsonNode expected = GeminiWire.asLlmgWouldSendIt(
                Fixtures.json("gemini", "gemini", fixture + ".request.json"));
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request").isEmpty();
    }
}
