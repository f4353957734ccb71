package dev.llmg.internal.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ImageDetail;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ReasoningEffort;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.spi.GatewayException;

class OpenAiChatRequestReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static OpenAiChatRequest read(String json) throws Exception {
        return OpenAiChatRequestReader.read(JSON.readTree(json));
    }

    @Test
    void readsEveryKindOfMessage() throws Exception {
        final ChatRequest chat = read("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"rules\"},"
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"more rules\"}]},"
                + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\",\"detail\":\"high\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]}]}").chat();
        assertThat(chat.getMessagesList()).extracting(Message::getRole).containsExactly(
                Role.ROLE_DEVELOPER, Role.ROLE_SYSTEM, Role.ROLE_USER, Role.ROLE_ASSISTANT, Role.ROLE_TOOL,
                Role.ROLE_ASSISTANT);
        assertThat(chat.getMessages(1).getContent(0).getText()).isEqualTo("more rules");
        assertThat(chat.getMessages(2).getName()).isEqualTo("ann");
        assertThat(chat.getMessages(2).getContent(1).getImageUrl().getDetail()).isEqualTo(ImageDetail.IMAGE_DETAIL_HIGH);
        assertThat(chat.getMessages(3).getContentCount()).as("an empty assistant content is no content").isZero();
        assertThat(chat.getMessages(3).getToolCalls(0).getArguments()).isEqualTo("{\"a\":1}");
        assertThat(chat.getMessages(4).getToolCallId()).isEqualTo("c1");
        assertThat(chat.getMessages(5).getRefusal()).isEqualTo("no");
    }

    @Test
    void readsReasoningAskedForAndTheSignedReasoningOfEarlierTurns() throws Exception {
        assertThat(read("{\"model\":\"m\",\"messages\":[],\"reasoning_effort\":\"high\"}").chat().getReasoning()
                           .getEffort()).isEqualTo(ReasoningEffort.REASONING_EFFORT_HIGH);
        assertThat(read("{\"model\":\"m\",\"messages\":[],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":"
                        + "2048}}").chat().getReasoning().getBudgetTokens()).isEqualTo(2048);
        assertThat(read("{\"model\":\"m\",\"messages\":[],\"thinking\":{\"type\":\"disabled\"}}").chat()
                           .hasReasoning()).isFalse();
        final Message assistant = read("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"reasoning_content\":"
                + "\"hm\",\"thinking_blocks\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s1\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"r1\"}],\"tool_calls\":[{\"id\":\"c\",\"type\":"
                + "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"},\"extra_content\":{\"google\":"
                + "{\"thought_signature\":\"g1\"}}}]}]}").chat().getMessages(0);
        assertThat(assistant.getReasoning()).isEqualTo("hm");
        assertThat(assistant.getReasoningBlocksList()).containsExactly(
                ReasoningBlock.newBuilder().setText("hm").setSignature("s1").build(),
                ReasoningBlock.newBuilder().setRedacted("r1").build());
        assertThat(assistant.getToolCalls(0).getSignature()).isEqualTo("g1");
    }

    @Test
    void badReasoningIsRefusedNamingTheField() {
        assertThat(refusal("{\"model\":\"m\",\"messages\":[],\"reasoning_effort\":\"extreme\"}"))
                .contains("reasoning_effort").contains("minimal, low, medium or high");
        assertThat(refusal("{\"model\":\"m\",\"messages\":[],\"thinking\":{\"type\":\"enabled\"}}"))
                .contains("thinking.budget_tokens");
        assertThat(refusal("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"x\","
                           + "\"thinking_blocks\":[{\"type\":\"musing\"}]}]}"))
                .contains("messages[0].thinking_blocks[0].type");
    }

    private static String refusal(String json) {
        return catchThrowableOfType(GatewayException.class, () -> read(json)).getMessage();
    }

    @Test
    void readsToolsChoicesFormatsAndSampling() throws Exception {
        final OpenAiChatRequest request = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"d\",\"strict\":true,"
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":2}}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\"}}},\"temperature\":0.5,\"top_p\":1,\"presence_penalty\":-1,"
                + "\"frequency_penalty\":1,\"max_tokens\":10,\"max_completion_tokens\":20,\"stop\":\"END\",\"n\":2,"
                + "\"seed\":12345678901,\"user\":\"u\",\"metadata\":{\"k\":\"v\"},\"parallel_tool_calls\":false,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"logit_bias\":{\"1\":2},\"store\":true}");
        final ChatRequest chat = request.chat();
        assertThat(chat.getTools(0).getStrict()).isTrue();
        assertThat(chat.getTools(0).getParameters().getFieldsOrThrow("properties").getStructValue()
                       .getFieldsOrThrow("n").getStructValue().getFieldsOrThrow("minimum").getNumberValue()).isEqualTo(2);
        assertThat(chat.getToolChoice().getToolName()).isEqualTo("f");
        assertThat(chat.getResponseFormat().getType()).isEqualTo(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA);
        assertThat(chat.getResponseFormat().getJsonSchema().getStrict()).isTrue();
        assertThat(chat.getMaxTokens()).as("max_completion_tokens wins").isEqualTo(20);
        assertThat(chat.getStopList()).containsExactly("END");
        assertThat(chat.getSeed()).isEqualTo(12345678901L);
        assertThat(chat.getMetadataMap()).containsEntry("k", "v");
        assertThat(chat.hasParallelToolCalls()).isTrue();
        assertThat(chat.getParallelToolCalls()).isFalse();
        assertThat(chat.getPresencePenalty()).isEqualTo(-1);
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.legacyFunctions()).isFalse();
    }

    @Test
    void nullsReadAsUnset() throws Exception {
        final ChatRequest chat = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"name\":null}],"
                + "\"temperature\":null,\"tools\":null,\"tool_choice\":null,\"stop\":null,\"stream_options\":null}").chat();
        assertThat(chat.hasTemperature()).isFalse();
        assertThat(chat.getToolsCount()).isZero();
        assertThat(chat.hasToolChoice()).isFalse();
    }

    @Test
    void mapsTheDeprecatedFunctionsApiToToolsWithPairedIds() throws Exception {
        final OpenAiChatRequest request = read("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
                + "{\"role\":\"function\",\"name\":\"f\",\"content\":\"done\"}],"
                + "\"functions\":[{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}],\"function_call\":\"auto\"}");
        final ChatRequest chat = request.chat();
        assertThat(request.legacyFunctions()).isTrue();
        assertThat(chat.getTools(0).getName()).isEqualTo("f");
        assertThat(chat.getToolChoice().getMode()).isEqualTo(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO);
        final String id = chat.getMessages(1).getToolCalls(0).getId();
        assertThat(id).isNotEmpty();
        assertThat(chat.getMessages(2).getRole()).isEqualTo(Role.ROLE_TOOL);
        assertThat(chat.getMessages(2).getToolCallId()).isEqualTo(id);
        assertThat(read("{\"model\":\"m\",\"messages\":[],\"functions\":[{\"name\":\"f\"}],"
                        + "\"function_call\":{\"name\":\"f\"}}").chat().getToolChoice().getToolName()).isEqualTo("f");
    }

    @Test
    void wrongTypesNameTheirField() {
        assertField("{\"messages\":[],\"model\":7}", "model");
        assertField("{\"messages\":[],\"seed\":\"s\"}", "seed");
        assertField("{\"messages\":[],\"stream\":\"yes\"}", "stream");
        assertField("{\"messages\":[],\"stream_options\":{\"include_usage\":1}}", "stream_options.include_usage");
        assertField("{\"messages\":[],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]}",
                    "tools[0].function.parameters");
        assertField("{\"messages\":[],\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"f\"}}]}", "tools[0].type");
        assertField("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\"}]}]}", "messages[0].content[0].type");
        assertField("{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{}}]}]}",
                    "messages[0].tool_calls[0].function.name");
        assertField("{\"messages\":[{\"role\":\"function\",\"content\":\"x\"}]}", "messages[0].name");
        assertField("{\"messages\":[],\"max_tokens\":99999999999}", "max_tokens");
    }

    private static void assertField(String json, String field) {
        final GatewayException error = catchThrowableOfType(GatewayException.class, () -> read(json));
        assertThat(error).as(json).isNotNull();
        assertThat(error.field()).as(json).isEqualTo(field);
    }
}
