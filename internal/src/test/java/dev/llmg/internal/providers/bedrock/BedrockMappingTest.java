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

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.ReasoningEffort;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.spi.GatewayException;

/**
 * Checks the parts of the Bedrock mapping that no recording shows: sampling settings, tool-choice modes
 * (Bedrock has no "none"), strict tools, a JSON object format, images that cannot go, an assistant turn
 * with text and calls, the stop reasons of filters and malformed output, cache points in turns, tool results and
 * tools, reasoning sent back, asked of each family and refused where it cannot fit, and redacted reasoning.
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

    @Test
    void cachePointsFollowTheMarkedBlocksAndToolsWithoutATtl() {
        final CacheControl hour = CacheControl.newBuilder().setTtl("1h").build();
        final JsonNode body = BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(Message.newBuilder().setRole(Role.ROLE_SYSTEM).addContent(text("a"))
                                    .addContent(text("b").toBuilder().setCacheControl(hour)).addContent(text("c")))
                .addMessages(user(text("see").toBuilder().setCacheControl(CacheControl.getDefaultInstance()).build(),
                                  image("data:image/png;base64,AAAA")))
                .addMessages(assistantCalling(call("c1", "lookup", "{}")))
                .addMessages(toolResult("c1", "found").toBuilder()
                        .setContent(0, text("found").toBuilder().setCacheControl(hour)))
                .addTools(tool("lookup", "Looks up", SCHEMA, false).toBuilder().setCacheControl(hour))
                .addTools(tool("other", "Other", SCHEMA, false)).build());

        final String point = "{\"cachePoint\":{\"type\":\"default\"}}";
        assertThat(body.get("system")).isEqualTo(json("[{\"text\":\"ab\"}," + point + ",{\"text\":\"c\"}]"));
        assertThat(body.at("/messages/0/content")).isEqualTo(json("[{\"text\":\"see\"}," + point + ",{\"image\":"
                + "{\"format\":\"png\",\"source\":{\"bytes\":\"AAAA\"}}}]"));
        assertThat(body.at("/messages/2/content/1")).isEqualTo(json(point));
        assertThat(body.at("/toolConfig/tools/1")).isEqualTo(json(point));
        assertThat(body.at("/toolConfig/tools/2/toolSpec/name").asText()).isEqualTo("other");
    }

    @Test
    void reasoningGoesBackFirstAsReturnedAndIsAskedForPerFamily() {
        final Message answered = assistantCalling(call("c1", "lookup", "{}")).toBuilder()
                .addContent(text("Looking."))
                .addReasoningBlocks(ReasoningBlock.newBuilder().setText("Think.").setSignature("sig"))
                .addReasoningBlocks(ReasoningBlock.newBuilder().setRedacted("AAEC"))
                .addReasoningBlocks(ReasoningBlock.newBuilder().setSignature("gemini-only"))
                .addReasoningBlocks(ReasoningBlock.newBuilder().setText("Unsigned, as Nova's.")).build();
        final JsonNode body = BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user("hi")).addMessages(answered).addMessages(toolResult("c1", "y")).build());

        assertThat(body.at("/messages/1/content")).isEqualTo(json("[{\"reasoningContent\":{\"reasoningText\":"
                + "{\"text\":\"Think.\",\"signature\":\"sig\"}}},{\"reasoningContent\":{\"redactedContent\":\"AAEC\"}},"
                + "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"Unsigned, as Nova's.\"}}},"
                + "{\"text\":\"Looking.\"},"
                + "{\"toolUse\":{\"toolUseId\":\"c1\",\"name\":\"lookup\",\"input\":{}}}]"));

        final ChatRequest.Builder claude = ChatRequest.newBuilder().setModel("anthropic.claude-x")
                .addMessages(user("hi"))
                .setReasoning(ReasoningConfig.newBuilder().setEffort(ReasoningEffort.REASONING_EFFORT_MEDIUM));
        assertThat(BedrockRequestMapper.toJson(claude.clone().build()).get("additionalModelRequestFields"))
                .isEqualTo(json("{\"reasoning_config\":{\"type\":\"enabled\",\"budget_tokens\":4096}}"));
        assertThat(catchThrowable(() -> BedrockRequestMapper.toJson(claude.clone().setMaxTokens(4096).build())))
                .isInstanceOf(GatewayException.class).hasMessageContaining("max_tokens (4096) must be larger");
        assertThat(catchThrowable(() -> BedrockRequestMapper.toJson(claude.clone()
                .setReasoning(ReasoningConfig.newBuilder().setBudgetTokens(500)).build())))
                .isInstanceOf(GatewayException.class).hasMessageContaining("at least 1024");
        assertThat(BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("us.amazon.nova-2-lite-v1:0")
                .addMessages(user("hi")).setReasoning(ReasoningConfig.newBuilder().setBudgetTokens(20_000)).build())
                .get("additionalModelRequestFields"))
                .isEqualTo(json("{\"reasoningConfig\":{\"type\":\"enabled\",\"maxReasoningEffort\":\"high\"}}"));
        assertThat(catchThrowable(() -> BedrockRequestMapper.toJson(ChatRequest.newBuilder().setModel("meta.llama")
                .addMessages(user("hi")).setReasoning(ReasoningConfig.newBuilder()
                        .setEffort(ReasoningEffort.REASONING_EFFORT_LOW)).build())))
                .isInstanceOf(GatewayException.class).hasMessageContaining("leave reasoning unset");
    }

    @Test
    void redactedReasoningIsKeptAsSent() {
        final CreateChatCompletionResponse response = BedrockResponseMapper.toResponse(json(
                "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"reasoningContent\":"
                + "{\"redactedContent\":\"AAEC\"}},{\"text\":\"Hi\"}]}},\"stopReason\":\"end_turn\"}"),
                "id", "m", 0);

        assertThat(response.getChoices(0).getMessage().getReasoningBlocksList())
                .containsExactly(ReasoningBlock.newBuilder().setRedacted("AAEC").build());
        assertThat(response.getChoices(0).getMessage().getReasoning()).isEmpty();
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
