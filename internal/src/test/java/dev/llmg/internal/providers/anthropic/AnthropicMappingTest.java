package dev.llmg.internal.providers.anthropic;

import static dev.llmg.internal.providers.replay.Chat.assistant;
import static dev.llmg.internal.providers.replay.Chat.developer;
import static dev.llmg.internal.providers.replay.Chat.image;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.GatewayException;

/**
 * Checks the parts of the Anthropic mapping that no recording shows: images, tool-choice modes, merging of
 * turns, developer messages, structured output both ways (unary and streamed), and thinking as reasoning.
 */
class AnthropicMappingTest {

    private static final AnthropicRequestMapper MAPPER = new AnthropicRequestMapper(1024);
    private static final String PARAMS = "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}";

    @Test
    void systemAndDeveloperBecomeTheTopLevelSystemAndSameRoleTurnsMerge() {
        final JsonNode body = MAPPER.toJson(ChatRequest.newBuilder().setModel("c")
                .addMessages(system("Be brief.")).addMessages(developer("Answer in French."))
                .addMessages(user("one")).addMessages(user("two")).addMessages(assistant("un"))
                .addMessages(assistant("deux")).addMessages(user("three")).build(), null, false);

        assertThat(body.get("system").asText()).isEqualTo("Be brief.\n\nAnswer in French.");
        assertThat(body.get("max_tokens").asInt()).as("the configured default").isEqualTo(1024);
        assertThat(body.get("messages")).hasSize(3);
        assertThat(body.at("/messages/0/content/1/text").asText()).isEqualTo("two");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/messages/2/content").asText()).isEqualTo("three");
    }

    @Test
    void imagesByUrlAndAsBase64() {
        final JsonNode body = MAPPER.toJson(ChatRequest.newBuilder().setModel("c").addMessages(user(
                text("What is this?"), image("https://example.com/cat.png"),
                image("data:image/png;base64,iVBORw0KGgo="))).build(), null, false);

        assertThat(body.at("/messages/0/content/1")).isEqualTo(json(
                "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.png\"}}"));
        assertThat(body.at("/messages/0/content/2")).isEqualTo(json("{\"type\":\"image\",\"source\":{\"type\":"
                + "\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}"));
        assertThatThrownBy(() -> MAPPER.toJson(ChatRequest.newBuilder().setModel("c")
                .addMessages(user(image("data:image/png,raw"))).build(), null, false))
                .isInstanceOf(GatewayException.class).hasMessageContaining("base64");
    }

    @Test
    void toolChoiceModesAndParallelToolUse() {
        assertThat(choice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED), null)).isEqualTo(json("{\"type\":\"any\"}"));
        assertThat(choice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE), null)).isEqualTo(json("{\"type\":\"none\"}"));
        assertThat(choice(ToolChoice.newBuilder().setToolName("search").build(), null))
                .isEqualTo(json("{\"type\":\"tool\",\"name\":\"search\"}"));
        assertThat(choice(null, false)).isEqualTo(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void stopReasonsMapToFinishReasons() {
        assertThat(AnthropicFields.finishReason("end_turn")).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(AnthropicFields.finishReason("stop_sequence")).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(AnthropicFields.finishReason("max_tokens")).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(AnthropicFields.finishReason("tool_use")).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(AnthropicFields.finishReason("refusal")).isEqualTo(FinishReason.FINISH_REASON_CONTENT_FILTER);
    }

    @Test
    void nAboveOneIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> MAPPER.toJson(ChatRequest.newBuilder().setModel("c").addMessages(user("hi"))
                                                          .setN(2).build(), null, false))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.field()).isEqualTo("n"));
    }

    @Test
    void aJsonSchemaBecomesAForcedToolAndItsCallTheContent() {
        final ChatRequest request = ChatRequest.newBuilder().setModel("c").addMessages(user("hi"))
                .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                        .setJsonSchema(JsonSchema.newBuilder().setName("answer").setSchema(Fixtures.struct(PARAMS))))
                .build();
        final String answerTool = StructuredAnswer.toolName(request);
        final JsonNode body = MAPPER.toJson(request, answerTool, false);

        assertThat(body.at("/tools/0/name").asText()).isEqualTo("answer");
        assertThat(body.at("/tools/0/input_schema")).isEqualTo(json(PARAMS));
        assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"answer\"}"));

        final CreateChatCompletionResponse response = AnthropicResponseMapper.toResponse(json(
                "{\"id\":\"msg\",\"model\":\"c\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"answer\",\"input\":{\"q\":\"x\"}}],"
                + "\"stop_reason\":\"tool_use\"}"), answerTool, 1);
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("{\"q\":\"x\"}");
        assertThat(response.getChoices(0).getMessage().getReasoning()).isEqualTo("hmm");
        assertThat(response.getChoices(0).getMessage().getToolCallsCount()).isZero();
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
    }

    @Test
    void aStreamedStructuredAnswerAndThinkingArriveAsContentAndReasoning() {
        final String events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\","
                + "\"model\":\"c\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
                + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me\"}}\n\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"abc\"}}\n\n"
                + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"answer\",\"input\":{}}}\n\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\":\"}}\n\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"x\\\"}\"}}\n\n"
                + "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
                + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n"
                + "data: {\"type\":\"message_stop\"}\n\n";
        final StreamedAnswer answer = new StreamedAnswer(decode(events, "answer"));

        assertThat(answer.reasoning).hasToString("Let me");
        assertThat(answer.content).hasToString("{\"q\":\"x\"}");
        assertThat(answer.toolCalls()).isEmpty();
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage.getOutputTokens()).isEqualTo(9);
    }

    private static List<StreamChatCompletionResponse> decode(String events, String answerTool) {
        final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(
                new ProviderErrors("anthropic", "", java.time.Clock.systemUTC()),
                ResponseHeaders.of(HttpStatus.OK), answerTool, 1);
        final StreamMessage<HttpData> body = StreamMessage.of(HttpData.ofUtf8(events));
        return body.decode(decoder).collect().join();
    }

    private static JsonNode choice(ToolChoice choice, Boolean parallel) {
        final ChatRequest.Builder request = ChatRequest.newBuilder().setModel("c").addMessages(user("hi"))
                                                       .addTools(tool("search", "", PARAMS, false));
        if (choice != null) {
            request.setToolChoice(choice);
        }
        if (parallel != null) {
            request.setParallelToolCalls(parallel);
        }
        return MAPPER.toJson(request.build(), null, false).get("tool_choice");
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
