package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.developer;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static dev.llmg.internal.providers.openai.OpenAiCompleteTest.KEY;
import static dev.llmg.internal.providers.openai.OpenAiCompleteTest.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.internal.providers.replay.Chat;

/**
 * Streams canonical requests through {@link OpenAiProvider#stream} against replayed recordings (sent in small
 * chunks that split events), checking the request we sent and the pieces we decoded, including hand-written
 * edge cases of OpenAI-compatible servers.
 */
class OpenAiStreamTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer();

    private static final String WEATHER_PARAMETERS =
            "{\"properties\":{\"location\":{\"description\":\"the city\",\"type\":\"string\"}},"
            + "\"required\":[\"location\"],\"type\":\"object\"}";

    @Test
    void includeUsageWire() {
        final StreamedAnswer answer = stream("openai", "chat-streaming-include-usage-wire", ChatRequest.newBuilder()
                .setModel("gpt-3.5-turbo")
                .addMessages(user("Count from 1 to 5"))
                .setMaxTokens(50)
                .setTemperature(0));

        assertSentAsRecorded("chat-streaming-include-usage-wire");
        assertThat(answer.pieces).hasSize(16).allSatisfy(piece -> {
            assertThat(piece.getId()).isEqualTo("chatcmpl-C6bjxzOr3Oz1rTiafksd6himIit3q");
            assertThat(piece.getModel()).isEqualTo("gpt-3.5-turbo-0125");
            assertThat(piece.getCreated()).isEqualTo(1755691077L);
            assertThat(piece.hasGateway()).isFalse();
        });
        assertThat(answer.pieces.get(0).getChoicesList()).containsExactly(ChoiceDelta.newBuilder()
                .setDelta(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT)).build());
        assertThat(answer.role).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(answer.content).hasToString("1, 2, 3, 4, 5");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.last().getChoicesList()).as("the usage-only final chunk").isEmpty();
        assertThat(answer.last().getUsage()).isEqualTo(usage(14, 13, 27, 0, 0));
        assertThat(answer.pieces.subList(0, 15)).noneMatch(StreamChatCompletionResponse::hasUsage);
    }

    @Test
    void toolCallArgumentFragmentsReassembleToTheFullArguments() {
        final StreamedAnswer answer = stream("openai", "chat-streaming-tools-0", weatherRequest());

        assertSentAsRecorded("chat-streaming-tools-0");
        assertThat(answer.pieces.get(0).getChoices(0).getDelta().getToolCallsList()).containsExactly(
                ToolCallDelta.newBuilder().setIndex(0).setId("call_qLFv8oQOs68qRuEVmG8TuEJp").setName("weather")
                             .build());
        assertThat(answer.pieces.get(1).getChoices(0).getDelta().getToolCallsList()).containsExactly(
                ToolCallDelta.newBuilder().setIndex(0).setArguments("{\"").build());
        assertThat(answer.toolCalls()).containsExactly(
                call("call_qLFv8oQOs68qRuEVmG8TuEJp", "weather", "{\"location\":\"Florence,Italy\"}"));
        assertThat(answer.content).isEmpty();
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(answer.usage).isEqualTo(usage(61, 16, 77, 0, 0));
    }

    @Test
    void answerAfterAToolResult() {
        final StreamedAnswer answer = stream("openai", "chat-streaming-tools-1", weatherRequest()
                .addMessages(assistantCalling(call("call_qLFv8oQOs68qRuEVmG8TuEJp", "weather",
                                                   "{\"location\":\"Florence,Italy\"}")))
                .addMessages(toolResult("call_qLFv8oQOs68qRuEVmG8TuEJp", "40 C")));

        assertSentAsRecorded("chat-streaming-tools-1");
        assertThat(answer.content).hasToString("The current temperature in Florence, Italy is 40\u00b0C.");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage).isEqualTo(usage(86, 13, 99, 0, 0));
    }

    @Test
    void lengthFinishThenDetailedUsage() {
        final StreamedAnswer answer = stream("openai", "chat-streaming-detailed-usage", ChatRequest.newBuilder()
                .setModel("gpt-5-nano")
                .addMessages(developer("Hello, I'm a developer!"))
                .setMaxTokens(100)
                .setTemperature(1));

        assertSentAsRecorded("chat-streaming-detailed-usage");
        assertThat(answer.pieces).hasSize(3);
        assertThat(answer.pieces.get(1).getChoicesList()).containsExactly(
                ChoiceDelta.newBuilder().setFinishReason(FinishReason.FINISH_REASON_LENGTH).build());
        assertThat(answer.last().getChoicesList()).isEmpty();
        assertThat(answer.last().getUsage()).isEqualTo(usage(12, 100, 112, 0, 100));
    }

    @Test
    void usageNullUntilTheFinishChunk() {
        final StreamedAnswer answer = stream("edge-cases", "openai-stream-usage-null-until-last", anyRequest());

        assertThat(answer.pieces).hasSize(4);
        assertThat(answer.pieces.subList(0, 3)).noneMatch(StreamChatCompletionResponse::hasUsage);
        assertThat(answer.last().getChoicesList()).containsExactly(
                ChoiceDelta.newBuilder().setFinishReason(FinishReason.FINISH_REASON_STOP).build());
        assertThat(answer.last().getUsage()).isEqualTo(usage(5, 2, 7, 0, 0));
        assertThat(answer.last().getCreated()).as("no created field").isZero();
        assertThat(answer.last().getModel()).isEqualTo("deepseek-chat");
        assertThat(answer.content).hasToString("Hi!");
    }

    @Test
    void toolCallFinishOnTheArgumentsChunkAndAUsageTrailerWithAnEmptyChoice() {
        final StreamedAnswer answer = stream("edge-cases", "openai-stream-tool-call-finish-on-args-chunk",
                                             anyRequest());

        assertThat(answer.pieces).hasSize(3);
        assertThat(answer.pieces.get(1).getChoices(0).getFinishReason())
                .isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(answer.pieces.get(1).getChoices(0).getDelta().getToolCalls(0).getArguments()).isEqualTo("{}");
        assertThat(answer.toolCalls()).containsExactly(call("call_1", "get_weather", "{}"));
        assertThat(answer.last().getChoicesList()).as("the empty choice adds nothing").isEmpty();
        assertThat(answer.last().getUsage()).isEqualTo(usage(15, 10, 25, 0, 0));
    }

    @Test
    void finishReasonOnAChunkThatAlsoCarriesContentAndUsage() {
        final StreamedAnswer answer = stream("edge-cases", "openai-stream-finish-with-content", anyRequest());

        assertThat(answer.last().getChoicesList()).containsExactly(ChoiceDelta.newBuilder()
                .setDelta(Delta.newBuilder().setContent("!"))
                .setFinishReason(FinishReason.FINISH_REASON_STOP)
                .build());
        assertThat(answer.last().getUsage()).isEqualTo(usage(5, 3, 8, 0, 0));
        assertThat(answer.content).hasToString("Hi!");
    }

    @Test
    void usageOnlyFinalChunk() {
        final StreamedAnswer answer = stream("edge-cases", "openai-stream-usage-only-final-chunk", anyRequest());

        assertThat(answer.pieces).hasSize(3);
        assertThat(answer.pieces.get(0).getChoices(0).getDelta())
                .isEqualTo(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT).setContent("Hi").build());
        assertThat(answer.last().getChoicesList()).isEmpty();
        assertThat(answer.last().getUsage()).isEqualTo(usage(10, 5, 15, 0, 0));
    }

    @Test
    void roleAndContentInTheFirstChunk() {
        final StreamedAnswer answer = stream("edge-cases", "openai-stream-content-in-first-chunk", anyRequest());

        assertThat(answer.pieces.get(0).getChoices(0).getDelta())
                .isEqualTo(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT).setContent("hello").build());
        assertThat(answer.content).hasToString("hello world");
        assertThat(answer.usage).isEqualTo(usage(8, 2, 10, 0, 0));
    }

    @Test
    void cacheAndReasoningTokensInStreamedUsage() {
        final StreamedAnswer answer = stream("edge-cases", "openai-stream-usage-nonstandard-cache-fields",
                                             anyRequest());

        assertThat(answer.usage).isEqualTo(usage(30, 15, 45, 10, 7).toBuilder()
                                                                   .setCacheCreationInputTokens(5)
                                                                   .build());
    }

    @Test
    void asksForAnEventStream() {
        stream("openai", "chat-streaming-detailed-usage", anyRequest());

        final ReplayServer.ReceivedRequest request = server.takeRequest("openai", "chat-streaming-detailed-usage");
        assertThat(request.headers().get("accept")).isEqualTo("text/event-stream");
        assertThat(request.json().get("stream").asBoolean()).isTrue();
        assertThat(request.json().get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    private static ChatRequest.Builder weatherRequest() {
        return ChatRequest.newBuilder()
                          .setModel("gpt-4o-mini")
                          .addMessages(system("You are a helpful assistant"))
                          .addMessages(user("What's the weather in Florence,Italy?"))
                          .setMaxTokens(4000)
                          .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                          .addTools(tool("weather", "Get weather information for a location", WEATHER_PARAMETERS,
                                         false));
    }

    private static ChatRequest.Builder anyRequest() {
        return ChatRequest.newBuilder().setModel("gpt-4o").addMessages(user("Hi"));
    }

    private static StreamedAnswer stream(String folder, String fixture, ChatRequest.Builder request) {
        final OpenAiProvider provider =
                new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri(folder, fixture), KEY));
        try {
            final List<StreamChatCompletionResponse> pieces =
                    provider.stream(request.build(), Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS);
            return new StreamedAnswer(pieces);
        } catch (Exception e) {
            throw new AssertionError("streaming " + fixture + " failed", e);
        }
    }

    private static void assertSentAsRecorded(String fixture) {
        final JsonNode expected = JsonTrees.asLlmgWouldSendIt(Fixtures.json("openai", fixture + ".request.json"));
        final JsonNode sent = server.takeRequest("openai", fixture).json();
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request").isEmpty();
    }
}
