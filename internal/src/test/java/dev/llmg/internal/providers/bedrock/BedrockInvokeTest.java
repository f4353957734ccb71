package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.anthropic.AnthropicWire;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.Attempt;

/**
 * With {@code invoke_anthropic}, Claude models go to InvokeModel with Anthropic's own bodies: replays the
 * recorded unary and streamed exchanges (each stream chunk an Anthropic event in base64), checks the body sent
 * (in Anthropic's short spelling, see {@link AnthropicWire}) and its signature, and the answers.
 */
class BedrockInvokeTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("bedrock", sb -> { });

    private static final String HAIKU = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    private static final String SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String WEATHER = "{\"properties\":{\"location\":{\"description\":\"the city\","
                                          + "\"type\":\"string\"}},\"required\":[\"location\"],\"type\":\"object\"}";

    @Test
    void aClaudeMessageOnInvokeModel() {
        final CreateChatCompletionResponse response = provider("invoke-anthropic").complete(ChatRequest.newBuilder()
                .setModel(HAIKU).addMessages(system("You are a helpful assistant"))
                .addMessages(user("Say hi in Portuguese")).setMaxTokens(4000).build(), Attempt.unlimited()).join();

        final ReplayServer.ReceivedRequest sent = assertSentAsRecorded("invoke-anthropic");
        assertThat(sent.headers().path())
                .endsWith("/model/us.anthropic.claude-haiku-4-5-20251001-v1:0/invoke");
        assertThat(response.getId()).isEqualTo("msg_bdrk_016XYNNNhL8TLniyQii9Zbkz");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("Olá! 👋\n\nHow can I help you today?");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(response.getUsage().getInputTokens()).isEqualTo(16);
        assertThat(response.getUsage().getOutputTokens()).isEqualTo(18);
    }

    @Test
    void streamedToolUseThenItsResultOnInvokeModelWithResponseStream() {
        final StreamedAnswer first = stream("invoke-stream-anthropic-tool-0", weather());

        final ReplayServer.ReceivedRequest sent = assertSentAsRecorded("invoke-stream-anthropic-tool-0");
        assertThat(sent.headers().path())
                .endsWith("/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke-with-response-stream");
        assertThat(first.toolCalls()).containsExactly(
                call("toolu_bdrk_018dfpvS9zVjdozFjuwZf5cx", "weather", "{\"location\": \"Florence,Italy\"}"));
        assertThat(first.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(first.usage.getOutputTokens()).isEqualTo(53);
        assertThat(first.pieces).allSatisfy(piece ->
                assertThat(piece.getId()).isEqualTo("msg_bdrk_01Ux65kdHoC23qJYeB98HG5N"));

        final StreamedAnswer second = stream("invoke-stream-anthropic-tool-1", weather()
                .addMessages(assistantCalling(call("toolu_bdrk_018dfpvS9zVjdozFjuwZf5cx", "weather",
                                                   "{\"location\":\"Florence,Italy\"}")))
                .addMessages(toolResult("toolu_bdrk_018dfpvS9zVjdozFjuwZf5cx", "40 C")));
        assertSentAsRecorded("invoke-stream-anthropic-tool-1");
        assertThat(second.content).startsWith("The weather in Florence, Italy is currently **40°C** (104°F).")
                                  .endsWith("seek shade during the hottest parts of the day.");
        assertThat(second.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(second.usage.getOutputTokens()).isEqualTo(55);
    }

    @Test
    void otherModelsStayOnConverse() {
        provider("converse-basic").complete(ChatRequest.newBuilder().setModel(BedrockCompleteTest.NOVA)
                .addMessages(user("What's 2 + 2?")).build(), Attempt.unlimited()).join();

        assertThat(server.takeRequest("bedrock", "converse-basic").headers().path()).endsWith("/converse");
    }

    private static ChatRequest.Builder weather() {
        return ChatRequest.newBuilder().setModel(SONNET).addMessages(system("You are a helpful assistant"))
                          .addMessages(user("What's the weather in Florence,Italy?")).setMaxTokens(4000)
                          .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                          .addTools(tool("weather", "Get weather information for a location", WEATHER, false));
    }

    private static ReplayServer.ReceivedRequest assertSentAsRecorded(String fixture) {
        final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", fixture);
        final JsonNode expected = AnthropicWire.asLlmgWouldSendIt(
                Fixtures.json("bedrock", "bedrock", fixture + ".request.json"));
        assertThat(JsonTrees.diff(expected, sent.json())).as("differences from the recorded request").isEmpty();
        BedrockWire.assertSigned(sent);
        return sent;
    }

    private static StreamedAnswer stream(String fixture, ChatRequest.Builder request) {
        try {
            return new StreamedAnswer(provider(fixture).stream(request.build(), Attempt.unlimited())
                                                       .collect().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("streaming " + fixture + " failed", e);
        }
    }

    private static BedrockProvider provider(String fixture) {
        return BedrockWire.provider(BedrockWire.settings(server.baseUri("bedrock", fixture)).withInvokeAnthropic(true));
    }
}
