package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.replay.Chat.assistant;
import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.image;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.ReasoningEffort;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Sends canonical requests that correspond to recorded Bedrock Converse exchanges through
 * {@link BedrockProvider#complete} to a loopback server replaying them, and checks both directions: the body
 * sent equals the recorded one (less what {@link BedrockWire} says the canonical request cannot ask for), the
 * request is signed as the SDK signs it, and the recorded answer maps to the canonical response it means.
 */
class BedrockCompleteTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("bedrock", sb -> sb.service(
            "prefix:/throttled/", (ctx, req) ->
                    // No recording of a throttle exists in the fixtures: this follows the documented shape.
                    HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.JSON)
                                                   .add("x-amzn-errortype", "ThrottlingException:http://internal"
                                                                            + ".amazon.com/coral/com.amazon.bedrock/")
                                                   .add("x-amzn-requestid", "throttled-1").build(),
                                    com.linecorp.armeria.common.HttpData.ofUtf8(
                                            "{\"message\":\"Too many requests, please wait before trying again.\"}"))));

    static final String NOVA = "us.amazon.nova-2-lite-v1:0";
    static final String SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    static final String HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    static final String WEATHER = "{\"type\":\"object\",\"properties\":{\"latitude\":{\"type\":\"string\","
                                  + "\"description\":\"Latitude (e.g., 52.5200)\"},\"longitude\":{\"type\":\"string\","
                                  + "\"description\":\"Longitude (e.g., 13.4050)\"}},\"required\":[\"latitude\","
                                  + "\"longitude\"],\"additionalProperties\":false,\"strict\":true}";
    static final String BERLIN = "What's the weather in Berlin? (52.5200, 13.4050)";
    static final String BERLIN_WEATHER = "Current weather at 52.5200, 13.4050: 15°C, Wind: 10 km/h";
    static final String BERLIN_ARGUMENTS = "{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}";

    @Test
    void basicAnswerSignedOverThePathAsSent() {
        final CreateChatCompletionResponse response = complete("converse-basic", ChatRequest.newBuilder()
                .setModel(NOVA).addMessages(user("What's 2 + 2?")));

        final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", "converse-basic");
        assertSentAsRecordedFrom(sent.json(), "converse-basic");
        assertThat(sent.headers().path())
                .isEqualTo("/replay/bedrock/converse-basic/v1/model/us.amazon.nova-2-lite-v1:0/converse");
        BedrockWire.assertSigned(sent);
        assertThat(sent.headers().get("x-amz-date")).isEqualTo("20260819T143437Z");
        assertThat(response.getId()).isEqualTo("8475a760-0ca0-4f0b-8e41-b657d7b35a70");
        assertThat(response.getModel()).isEqualTo(NOVA);
        assertThat(response.getChoices(0).getMessage()).isEqualTo(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                .addContent(text("2 + 2 equals **4**.\n\nThis is a basic arithmetic addition:\n\n$$\n2 + 2 = 4\n$$ \n\n"
                                 + "It's one of the fundamental principles of elementary mathematics.")).build());
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(response.getUsage()).isEqualTo(usage(53, 39, 0, 0));
    }

    @Test
    void systemBlockAndTemperature() {
        final CreateChatCompletionResponse response = complete("converse-system", ChatRequest.newBuilder()
                .setModel(NOVA)
                .addMessages(system("You must include the exact phrase \"XKCD7392\" somewhere in your response."))
                .addMessages(user("Tell me about the weather.")).setTemperature(0.0));

        assertSentAsRecorded("converse-system");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).contains("**XKCD7392**");
        assertThat(response.getUsage()).isEqualTo(usage(69, 162, 0, 0));
    }

    @Test
    void multiTurnHistory() {
        final CreateChatCompletionResponse first = complete("converse-multiturn-0", ChatRequest.newBuilder()
                .setModel(NOVA).addMessages(user("Who is the creator of the programming language Ruby?")));
        assertSentAsRecorded("converse-multiturn-0");

        final JsonNode recorded = Fixtures.json("bedrock", "bedrock", "converse-multiturn-1.request.json");
        final String answer = recorded.at("/messages/1/content/0/text").asText();
        assertThat(first.getChoices(0).getMessage().getContent(0).getText()).isEqualTo(answer);
        final CreateChatCompletionResponse second = complete("converse-multiturn-1", ChatRequest.newBuilder()
                .setModel(NOVA).addMessages(user("Who is the creator of the programming language Ruby?"))
                .addMessages(first.getChoices(0).getMessage())
                .addMessages(user("What year did he create Ruby?")));

        assertSentAsRecorded("converse-multiturn-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText()).contains("**1993**");
        assertThat(second.getUsage()).isEqualTo(usage(389, 92, 0, 0));
    }

    @Test
    void imageFromADataUrlGoesAsBytes() {
        final JsonNode recorded = Fixtures.json("bedrock", "bedrock", "converse-image-input.request.json");
        final String data = recorded.at("/messages/0/content/1/image/source/bytes").asText();
        final CreateChatCompletionResponse response = complete("converse-image-input", ChatRequest.newBuilder()
                .setModel(SONNET)
                .addMessages(user(text("What do you see in this image?"), image("data:image/png;base64," + data))));

        assertSentAsRecorded("converse-image-input");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .startsWith("# Ruby Programming Language Logo");
        assertThat(response.getUsage()).isEqualTo(usage(43, 165, 0, 0));
    }

    @Test
    void toolUseRoundTrip() {
        final CreateChatCompletionResponse first = complete("converse-tool-use-0", weather(NOVA));

        assertSentAsRecorded("converse-tool-use-0");
        assertThat(first.getChoices(0).getMessage().getToolCallsList())
                .containsExactly(call("tooluse_LgMMvpk0bGGJIMB3zYgYmg", "weather", BERLIN_ARGUMENTS));
        assertThat(first.getChoices(0).getMessage().getContentCount()).isZero();
        assertThat(first.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);

        final CreateChatCompletionResponse second = complete("converse-tool-use-1", weather(NOVA)
                .addMessages(first.getChoices(0).getMessage())
                .addMessages(toolResult("tooluse_LgMMvpk0bGGJIMB3zYgYmg", BERLIN_WEATHER)));
        assertSentAsRecorded("converse-tool-use-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("The current weather in Berlin (52.5200, 13.4050) is **15°C** with a wind speed of "
                           + "**10 km/h**.");
        assertThat(second.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(second.getUsage()).isEqualTo(usage(1078, 33, 0, 0));
    }

    @Test
    void parallelToolUseAndTheirResultsInOneTurn() {
        final ChatRequest.Builder request = ChatRequest.newBuilder().setModel(SONNET)
                .addMessages(user("What's the weather in Berlin (52.5200, 13.4050) and what's the best language to "
                                  + "learn?"))
                .addTools(tool("weather", "Gets current weather for a location", WEATHER, false))
                .addTools(tool("best_language_to_learn", "Gets the best language to learn",
                               "{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":false,"
                               + "\"strict\":true}", false));
        final CreateChatCompletionResponse first = complete("converse-parallel-tool-use-0", request.clone());

        assertSentAsRecorded("converse-parallel-tool-use-0");
        assertThat(first.getChoices(0).getMessage().getToolCallsList()).containsExactly(
                call("tooluse_cqjo6jvCBSr6SGuk4qYWVG", "weather", BERLIN_ARGUMENTS),
                call("tooluse_IvALtxXMVmFaVpJ2Quvdww", "best_language_to_learn", "{}"));
        assertThat(first.getUsage()).isEqualTo(usage(701, 97, 0, 0));

        final CreateChatCompletionResponse second = complete("converse-parallel-tool-use-1", request
                .addMessages(assistantCalling(first.getChoices(0).getMessage().getToolCallsList()
                                                   .toArray(new ToolCall[0])))
                .addMessages(toolResult("tooluse_cqjo6jvCBSr6SGuk4qYWVG", BERLIN_WEATHER))
                .addMessages(toolResult("tooluse_IvALtxXMVmFaVpJ2Quvdww", "Ruby")));
        assertSentAsRecorded("converse-parallel-tool-use-1");
        assertThat(second.getChoices(0).getMessage().getContent(0).getText()).endsWith("the answer is **Ruby**!");
    }

    @Test
    void cacheWritesThenReadsCountAsInputAndAreReportedApart() {
        final JsonNode recorded = Fixtures.json("bedrock", "bedrock", "converse-prompt-cache-0.request.json");
        final ChatRequest.Builder request = ChatRequest.newBuilder().setModel(HAIKU)
                .addMessages(Message.newBuilder().setRole(Role.ROLE_SYSTEM).addContent(
                        text(recorded.at("/system/0/text").asText()).toBuilder()
                                .setCacheControl(CacheControl.getDefaultInstance())))
                .addMessages(user("Reply with exactly: OK"));

        final CreateChatCompletionResponse written = complete("converse-prompt-cache-0", request.clone());
        assertSentAsRecorded("converse-prompt-cache-0"); // the cachePoint right after the system text
        assertThat(written.getUsage()).isEqualTo(usage(10 + 7351, 4, 0, 7351));
        assertThat(written.getUsage().getTotalTokens()).isEqualTo(7365);

        final CreateChatCompletionResponse read = complete("converse-prompt-cache-1", request);
        assertSentAsRecorded("converse-prompt-cache-1");
        assertThat(read.getUsage()).isEqualTo(usage(10 + 7351, 4, 7351, 0));
    }

    @Test
    void reasoningAskedForAndReturnedSigned() {
        final CreateChatCompletionResponse claude = complete("converse-thinking", ChatRequest.newBuilder()
                .setModel(HAIKU).setReasoning(ReasoningConfig.newBuilder().setBudgetTokens(1024))
                .addMessages(user("If a magic mirror shows your future self, but only if you ask a question it "
                                  + "cannot answer truthfully, what question do you ask to see your future, and what "
                                  + "would the mirror reveal about the answer it gives?")));

        assertSentAsRecorded("converse-thinking"); // additionalModelRequestFields.reasoning_config
        final Message message = claude.getChoices(0).getMessage();
        assertThat(message.getReasoning()).startsWith("This is a clever paradoxical puzzle.");
        final JsonNode recorded = Fixtures.json("bedrock", "bedrock", "converse-thinking.response.json")
                                          .at("/output/message/content/0/reasoningContent/reasoningText");
        assertThat(message.getReasoningBlocksList()).containsExactly(ReasoningBlock.newBuilder()
                .setText(recorded.get("text").asText()).setSignature(recorded.get("signature").asText()).build());
        assertThat(message.getContentCount()).isEqualTo(1);
        assertThat(message.getContent(0).getText()).doesNotContain("This is a clever paradoxical puzzle.");
        assertThat(claude.getUsage()).isEqualTo(usage(80, 588, 0, 0));

        final CreateChatCompletionResponse nova = complete("converse-reasoning-nova", ChatRequest.newBuilder()
                .setModel(NOVA)
                .setReasoning(ReasoningConfig.newBuilder().setEffort(ReasoningEffort.REASONING_EFFORT_LOW))
                .addMessages(user("What is 15 * 23? Answer with just the number.")));
        assertSentAsRecorded("converse-reasoning-nova"); // additionalModelRequestFields.reasoningConfig
        assertThat(nova.getChoices(0).getMessage().getReasoning()).isEqualTo("[REDACTED].");
        assertThat(nova.getChoices(0).getMessage().getReasoningBlocksList())
                .containsExactly(ReasoningBlock.newBuilder().setText("[REDACTED].").build());
        assertThat(nova.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("345");
    }

    @Test
    void errorsAreNamedByTheirErrorTypeHeader() {
        final ProviderException badKey =
                failure(BedrockWire.provider(server.baseUri("bedrock", "error-403-unrecognized-client")));
        assertSentAsRecorded("error-403-unrecognized-client");
        assertThat(badKey.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(badKey.reason()).isEqualTo("UnrecognizedClientException");
        assertThat(badKey.getMessage()).contains("The security token included in the request is invalid.")
                                       .doesNotContain(BedrockWire.SECRET_KEY);
        assertThat(badKey.providerStatus()).isEqualTo(403);
        assertThat(badKey.providerRequestId()).isEqualTo("ee1ff1e8-b620-4099-aa92-9719b631ac15");
        assertThat(badKey.retryable()).isFalse();

        // Recorded on InvokeModel with a body of Converse's shape; the error is the same on /converse.
        final ProviderException denied = failure(
                BedrockWire.provider(server.baseUri("bedrock", "error-403-access-denied-invoke")),
                ChatRequest.newBuilder().setModel("us.amazon.nova-micro-v1:0").setMaxTokens(4096)
                           .addMessages(system("You know all about AI."))
                           .addMessages(user("Explain AI in 10 words or less.")).build());
        assertSentAsRecorded("error-403-access-denied-invoke");
        assertThat(denied.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
        assertThat(denied.reason()).isEqualTo("AccessDeniedException");
        assertThat(denied.getMessage()).contains("You don't have access to the model with the specified model ID.");
        assertThat(denied.retryable()).isFalse();
    }

    @Test
    void aThrottleIsARetryableRateLimit() {
        final ProviderException throttled = failure(BedrockWire.provider(server.baseUri("/throttled")));
        assertThat(throttled.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(throttled.reason()).isEqualTo("ThrottlingException");
        assertThat(throttled.retryable()).isTrue();
        assertThat(throttled.backOff()).as("AWS names no wait: back off on the same target").isTrue();
        assertThat(throttled.providerRequestId()).isEqualTo("throttled-1");
        assertThat(throttled.getMessage()).contains("Too many requests");
    }

    @Test
    void aModelArnIsOnePathSegment() {
        assertThat(BedrockProvider.path("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x-v1:0", true))
                .isEqualTo("/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.x-v1:0"
                           + "/converse-stream");
        final CompletionException thrown = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> BedrockWire.provider(server.baseUri("/nowhere")).complete(ChatRequest.newBuilder()
                        .setModel(" ").addMessages(user("hi")).build(), Attempt.unlimited()).join());
        assertThat(thrown.getCause()).hasMessageContaining("a Bedrock model is an id");
    }

    static ChatRequest.Builder weather(String model) {
        return ChatRequest.newBuilder().setModel(model).addMessages(user(BERLIN))
                          .addTools(tool("weather", "Gets current weather for a location", WEATHER, false));
    }

    /** Usage as Bedrock reports it, with cache reads and writes counted in the input, as canonical usage does. */
    static Usage usage(int input, int output, int cacheRead, int cacheWrite) {
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setTotalTokens(input + output)
                    .setCachedInputTokens(cacheRead).setCacheCreationInputTokens(cacheWrite).build();
    }

    private static ProviderException failure(BedrockProvider provider) {
        return failure(provider, ChatRequest.newBuilder().setModel(NOVA).addMessages(user("Hello")).build());
    }

    private static ProviderException failure(BedrockProvider provider, ChatRequest request) {
        try {
            provider.complete(request, Attempt.unlimited()).join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ProviderException.class);
            return (ProviderException) e.getCause();
        }
        throw new AssertionError("the call did not fail");
    }

    private static CreateChatCompletionResponse complete(String fixture, ChatRequest.Builder request) {
        return BedrockWire.provider(server.baseUri("bedrock", fixture)).complete(request.build(), Attempt.unlimited())
                          .join();
    }

    static void assertSentAsRecorded(String fixture) {
        final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", fixture);
        assertSentAsRecordedFrom(sent.json(), fixture);
        BedrockWire.assertSigned(sent);
    }

    static void assertSentAsRecordedFrom(JsonNode sent, String fixture) {
        final JsonNode expected = BedrockWire.asLlmgWouldSendIt(
                Fixtures.json("bedrock", "bedrock", fixture + ".request.json"));
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request").isEmpty();
    }
}
