package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.replay.Chat.assistant;
import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.developer;
import static dev.llmg.internal.providers.replay.Chat.image;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.spi.GatewayException;

/**
 * Checks the parts of the Bedrock mapping that no recording shows: sampling settings, tool-choice modes
 * (Bedrock has no "none"), strict tools, a JSON object format, images that cannot go, an assistant turn
 * with text and calls, and the stop reasons of filters and malformed output.
 */
class BedrockMappingTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}";

    @Test
    void samplingSettingsGoInInferenceConfigAndSystemMessagesInSystem() {
        final JsonNode body = BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(system("a")).addMessages(developer("b")).addMessages(user("hi"))
                .setTemperature(0.5).setTopP(0.9).setMaxTokens(64).addStop("END").setSeed(7).build());

        assertThat(body.get("system")).isEqualTo(json("[{\"text\":\"a\"},{\"text\":\"b\"}]"));
        assertThat(body.get("inferenceConfig")).isEqualTo(json("{\"maxTokens\":64,\"temperature\":0.5,\"topP\":0.9,"
                                                               + "\"stopSequences\":[\"END\"]}"));
        assertThat(catchThrowable(() -> BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user("hi")).setN(2).build()))).isInstanceOf(GatewayException.class)
                .hasMessageContaining("one choice");
    }

    @Test
    void toolChoiceModesAndStrictTools() {
        final ChatRequest.Builder withTool = ChatRequest.newBuilder().setModel("m").addMessages(user("hi"))
                .addTools(tool("lookup", "Looks up", SCHEMA, true));
        assertThat(BedrockRequestMapper.toJson(withTool.clone().build()).get("toolConfig")).isEqualTo(json(
                "{\"tools\":[{\"toolSpec\":{\"name\":\"lookup\",\"description\":\"Looks up\",\"inputSchema\":"
                + "{\"json\":" + SCHEMA + "},\"strict\":true}}]}"));
        assertThat(choice(withTool.clone().setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))))
                .isEqualTo(json("{\"auto\":{}}"));
        assertThat(choice(withTool.clone().setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED))))
                .isEqualTo(json("{\"any\":{}}"));
        assertThat(choice(withTool.clone().setToolChoice(ToolChoice.newBuilder().setToolName("lookup"))))
                .isEqualTo(json("{\"tool\":{\"name\":\"lookup\"}}"));
        // No "none" in Bedrock: without tool blocks in the history the tools are not offered at all...
        assertThat(BedrockRequestMapper.toJson(withTool.clone()
                .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE)).build()).has("toolConfig")).isFalse();
        // ...with them, Bedrock needs the tools declared, so they stay without a choice.
        final JsonNode history = BedrockRequestMapper.toJson(withTool.clone()
                .addMessages(assistantCalling(call("c1", "lookup", "{\"q\":\"x\"}")))
                .addMessages(toolResult("c1", "y"))
                .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE)).build());
        assertThat(history.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("lookup");
        assertThat(history.at("/toolConfig/toolChoice").isMissingNode()).isTrue();
    }

    @Test
    void aJsonObjectFormatIsTheSchemaOfAnyObject() {
        final JsonNode body = BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user("hi")).setResponseFormat(ResponseFormat.newBuilder()
                        .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT)).build());

        assertThat(body.get("outputConfig")).isEqualTo(json("{\"textFormat\":{\"type\":\"json_schema\","
                + "\"structure\":{\"jsonSchema\":{\"schema\":\"{\\\"type\\\":\\\"object\\\"}\"}}}}"));
    }

    @Test
    void anAssistantTurnWithTextAndCallsAndImagesThatCannotGo() {
        final JsonNode body = BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user(text("see"), image("data:image/jpeg;base64,AAAA")))
                .addMessages(assistantCalling(call("c1", "lookup", "")).toBuilder().addContent(text("Looking.")))
                .addMessages(toolResult("c1", "{\"found\":true}")).build());

        assertThat(body.at("/messages/0/content/1")).isEqualTo(json(
                "{\"image\":{\"format\":\"jpeg\",\"source\":{\"bytes\":\"AAAA\"}}}"));
        assertThat(body.at("/messages/1/content")).isEqualTo(json(
                "[{\"text\":\"Looking.\"},{\"toolUse\":{\"toolUseId\":\"c1\",\"name\":\"lookup\",\"input\":{}}}]"));
        assertThat(body.at("/messages/2")).isEqualTo(json("{\"role\":\"user\",\"content\":[{\"toolResult\":"
                + "{\"toolUseId\":\"c1\",\"content\":[{\"text\":\"{\\\"found\\\":true}\"}]}}]}"));
        assertThat(catchThrowable(() -> BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user(image("https://example.com/cat.png"))).build())))
                .isInstanceOf(GatewayException.class).hasMessageContaining("data:image/");
        assertThat(catchThrowable(() -> BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user(image("data:image/tiff;base64,AAAA"))).build())))
                .isInstanceOf(GatewayException.class).hasMessageContaining("not image/tiff");
    }

    @Test
    void emptyTextAndEmptyTurnsAreLeftOut() {
        final JsonNode body = BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user("Hello")).addMessages(assistant("")).addMessages(user(text(""), text("again")))
                .build());

        assertThat(body.get("messages")).isEqualTo(json(
                "[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"},{\"text\":\"again\"}]}]"));
    }

    @Test
    void stopReasonsOfFiltersAndMalformedOutput() {
        assertThat(finish("guardrail_intervened")).isEqualTo(FinishReason.FINISH_REASON_CONTENT_FILTER);
        assertThat(finish("content_filtered")).isEqualTo(FinishReason.FINISH_REASON_CONTENT_FILTER);
        assertThat(finish("max_tokens")).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(finish("model_context_window_exceeded")).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(finish("malformed_tool_use")).isEqualTo(FinishReason.FINISH_REASON_ERROR);
        assertThat(finish("stop_sequence")).isEqualTo(FinishReason.FINISH_REASON_STOP);
    }

    private static FinishReason finish(String stopReason) {
        final CreateChatCompletionResponse response = BedrockResponseMapper.toResponse(json(
                "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[]}},\"stopReason\":\"" + stopReason
                + "\"}"), "id", "m", 0);
        return response.getChoices(0).getFinishReason();
    }

    private static JsonNode choice(ChatRequest.Builder request) {
        return BedrockRequestMapper.toJson(request.build()).at("/toolConfig/toolChoice");
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
