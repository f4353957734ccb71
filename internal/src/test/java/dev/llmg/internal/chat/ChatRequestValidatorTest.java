package dev.llmg.internal.chat;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.spi.GatewayException;

class ChatRequestValidatorTest {

    private static final ChatRequest VALID = ChatRequest.newBuilder().setModel("m").addMessages(
            Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText("hi"))).build();

    @Test
    void acceptsAToolConversation() {
        final ChatRequest request = VALID.toBuilder()
                .addTools(Tool.newBuilder().setName("get_weather"))
                .addMessages(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                    .addToolCalls(ToolCall.newBuilder().setId("c1").setName("get_weather").setArguments("{}")))
                .addMessages(Message.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId("c1")
                                    .addContent(ContentPart.newBuilder().setText("sunny")))
                .build();
        assertThatCode(() -> ChatRequestValidator.validate(request)).doesNotThrowAnyException();
    }

    @Test
    void namesTheFieldToFix() {
        assertInvalid(VALID.toBuilder().setToolChoice(ToolChoice.newBuilder().setToolName("nope")).build(),
                      "tool_choice.tool_name");
        assertInvalid(VALID.toBuilder().addMessages(Message.newBuilder().setRole(Role.ROLE_TOOL)
                                                           .addContent(ContentPart.newBuilder().setText("x"))).build(),
                      "messages[1].tool_call_id");
        assertInvalid(VALID.toBuilder().addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                                           .addContent(ContentPart.getDefaultInstance())).build(),
                      "messages[1].content[0]");
        assertInvalid(VALID.toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("answer"))).build(), "response_format.json_schema.schema");
        assertInvalid(VALID.toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("has space").setSchema(Struct.getDefaultInstance())))
                .build(), "response_format.json_schema.name");
        assertInvalid(VALID.toBuilder().addTools(Tool.newBuilder().setName("a")).addTools(Tool.newBuilder().setName("a"))
                           .build(), "tools[1].name");
        assertInvalid(VALID.toBuilder().setTopP(1.5).build(), "top_p");
        assertInvalid(VALID.toBuilder().setMaxTokens(0).build(), "max_tokens");
        assertInvalid(VALID.toBuilder().setN(0).build(), "n");
        assertInvalid(VALID.toBuilder().addAllStop(java.util.List.of("a", "b", "c", "d", "e")).build(), "stop");
    }

    @Test
    void unknownEnumNumbersFromBinaryProtobufAreInvalid() {
        assertInvalid(VALID.toBuilder().setToolChoice(ToolChoice.newBuilder().setModeValue(9)).build(),
                      "tool_choice.mode");
        assertInvalid(VALID.toBuilder().addMessages(Message.newBuilder().setRole(Role.ROLE_USER).addContent(
                ContentPart.newBuilder().setImageUrl(dev.llmg.api.gateway.v1.ImageUrl.newBuilder()
                        .setUrl("https://x/a.png").setDetailValue(7)))).build(),
                      "messages[1].content[0].image_url.detail");
    }

    private static void assertInvalid(ChatRequest request, String field) {
        assertThatThrownBy(() -> ChatRequestValidator.validate(request))
                .isInstanceOfSatisfying(GatewayException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field);
    }
}
