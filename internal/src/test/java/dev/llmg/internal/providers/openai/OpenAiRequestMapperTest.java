package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ImageDetail;
import dev.llmg.api.gateway.v1.ImageUrl;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.Chat;

/**
 * Covers the request fields that no recording exercises (the recorded ones are compared in
 * {@link OpenAiCompleteTest} and {@link OpenAiStreamTest}).
 */
class OpenAiRequestMapperTest {

    private final OpenAiRequestMapper mapper = new OpenAiRequestMapper(false);

    @Test
    void writesEverySamplingOptionThatIsSet() throws IOException {
        final JsonNode body = mapper.toJson(ChatRequest.newBuilder()
                .setModel("gpt-4o")
                .addMessages(user("Hi"))
                .setTemperature(0.7)
                .setTopP(0.9)
                .setMaxTokens(256)
                .addStop("END")
                .addStop("\n\n")
                .setSeed(42)
                .setN(2)
                .setPresencePenalty(-0.5)
                .setFrequencyPenalty(1.25)
                .setParallelToolCalls(false)
                .setUser("user-1234")
                .build(), false);

        assertThat(JsonTrees.diff(json(
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":0.7,"
                + "\"top_p\":0.9,\"max_completion_tokens\":256,\"stop\":[\"END\",\"\\n\\n\"],\"seed\":42,\"n\":2,"
                + "\"presence_penalty\":-0.5,\"frequency_penalty\":1.25,\"parallel_tool_calls\":false,"
                + "\"user\":\"user-1234\"}"), body)).isEmpty();
    }

    @Test
    void writesOnlyModelAndMessagesWhenNothingElseIsSet() throws IOException {
        final JsonNode body = mapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("Hi")).build(),
                                            false);

        assertThat(JsonTrees.diff(json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                                  body)).isEmpty();
    }

    @Test
    void keepsMetadataForTheGatewayUnlessForwardingIsOn() throws IOException {
        final ChatRequest request = ChatRequest.newBuilder().setModel("m").addMessages(user("Hi"))
                                               .putMetadata("team", "search").build();

        assertThat(mapper.toJson(request, false).has("metadata")).isFalse();
        assertThat(mapper.toJson(request, false).has("store")).isFalse();
        final JsonNode forwarded = new OpenAiRequestMapper(true).toJson(request, false);
        assertThat(forwarded.get("metadata")).isEqualTo(json("{\"team\":\"search\"}"));
        assertThat(forwarded.get("store").asBoolean()).as("OpenAI rejects metadata without store").isTrue();
    }

    @Test
    void writesEachToolChoice() throws IOException {
        assertThat(toolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO)))
                .isEqualTo(json("\"auto\""));
        assertThat(toolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE)))
                .isEqualTo(json("\"none\""));
        assertThat(toolChoice(ToolChoice.newBuilder().setMode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED)))
                .isEqualTo(json("\"required\""));
        assertThat(toolChoice(ToolChoice.newBuilder().setToolName("get_weather")))
                .isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(toolChoice(ToolChoice.newBuilder())).as("unset").isNull();
    }

    @Test
    void writesTextResponseFormatAndASchemaDescription() throws IOException {
        assertThat(responseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT)))
                .isEqualTo(json("{\"type\":\"text\"}"));
        assertThat(responseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("answer").setDescription("The answer")
                                         .setSchema(Fixtures.struct("{\"type\":\"object\",\"maxProperties\":3}")))))
                .isEqualTo(json("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\","
                                + "\"description\":\"The answer\","
                                + "\"schema\":{\"type\":\"object\",\"maxProperties\":3}}}"));
    }

    @Test
    void writesWholeNumbersInSchemasWithoutAFraction() {
        final Struct schema = Struct.newBuilder()
                .putFields("minimum", Value.newBuilder().setNumberValue(1).build())
                .putFields("multipleOf", Value.newBuilder().setNumberValue(0.5).build())
                .putFields("big", Value.newBuilder().setNumberValue(1e15).build())
                .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setBoolValue(true))
                        .addValues(Value.newBuilder().setNullValueValue(0))).build())
                .build();
        final JsonNode body = mapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("Hi"))
                .addTools(Tool.newBuilder().setName("f").setParameters(schema)).build(),
                                            false);

        assertThat(body.at("/tools/0/function/parameters").toString())
                .isEqualTo("{\"minimum\":1,\"multipleOf\":0.5,\"big\":1000000000000000,\"list\":[true,null]}");
    }

    @Test
    void writesImagePartsWithDetailAndToolMessages() throws IOException {
        final JsonNode body = mapper.toJson(ChatRequest.newBuilder()
                .setModel("m")
                .addMessages(Message.newBuilder().setRole(Role.ROLE_USER).setName("ann")
                        .addContent(text("What is this?"))
                        .addContent(ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder()
                                .setUrl("https://example.com/a.png").setDetail(ImageDetail.IMAGE_DETAIL_LOW))))
                .addMessages(Message.newBuilder().setRole(Role.ROLE_ASSISTANT).setRefusal("I can't help with that."))
                .addMessages(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                        .addContent(text("Let me look."))
                        .addToolCalls(call("call_1", "look", "{}"))
                        .setReasoning("hidden thoughts are not sent back"))
                .addMessages(Message.newBuilder().setRole(Role.ROLE_TOOL).setName("look").setToolCallId("call_1")
                        .addContent(text("a cat")))
                .build(), false);

        assertThat(JsonTrees.diff(json(
                "[{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\",\"detail\":\"low\"}}]},"
                + "{\"role\":\"assistant\",\"refusal\":\"I can't help with that.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Let me look.\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"a cat\"}]"), body.get("messages")))
                .isEmpty();
    }

    @Test
    void rejectsAMessageWithoutARoleNamingTheField() {
        assertThatThrownBy(() -> mapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("Hi"))
                .addMessages(Message.newBuilder().addContent(text("who am I?"))).build(), false))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("messages[1].role");
                });
    }

    @Test
    void rejectsAJsonSchemaFormatWithoutASchema() {
        assertThatThrownBy(() -> responseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.field()).isEqualTo("response_format.json_schema"));
    }

    @Test
    void rejectsNumbersJsonCannotHold() {
        final Struct schema = Struct.newBuilder()
                .putFields("maximum", Value.newBuilder().setNumberValue(Double.NaN).build()).build();
        assertThatThrownBy(() -> mapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("Hi"))
                .addTools(Tool.newBuilder().setName("f").setParameters(schema)).build(), false))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.field()).isEqualTo("tools[0].parameters"));
    }

    @Test
    void providerFailsTheCallInsteadOfThrowing() {
        final OpenAiProvider provider = new OpenAiProvider(OpenAiSettings.of(
                "openai", URI.create("http://127.0.0.1:1/v1"), ""));
        final ChatRequest noRole = ChatRequest.newBuilder().setModel("m")
                                              .addMessages(Message.newBuilder().addContent(text("x"))).build();

        assertThat(provider.complete(noRole, Attempt.unlimited())).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                                             .havingCause().isInstanceOf(GatewayException.class);
        assertThat(provider.stream(noRole, Attempt.unlimited()).collect()).failsWithin(Duration.ofSeconds(10))
                                                     .withThrowableOfType(ExecutionException.class)
                                                     .havingCause().isInstanceOf(GatewayException.class);
    }

    private JsonNode toolChoice(ToolChoice.Builder choice) {
        return mapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("Hi")).setToolChoice(choice)
                                        .build(), false).get("tool_choice");
    }

    private JsonNode responseFormat(ResponseFormat.Builder format) {
        return mapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("Hi"))
                                        .setResponseFormat(format).build(), false).get("response_format");
    }

    private static JsonNode json(String text) throws IOException {
        return Fixtures.JSON.readTree(text);
    }
}
