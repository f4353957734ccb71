package dev.llmg.cmd;

import static dev.llmg.cmd.StructuredOutputTest.FENCED;
import static dev.llmg.cmd.StructuredOutputTest.VALID;
import static dev.llmg.cmd.StructuredOutputTest.WRONG;
import static dev.llmg.cmd.StructuredOutputTest.askForPerson;
import static dev.llmg.cmd.StructuredOutputTest.struct;
import static dev.llmg.cmd.StructuredOutputTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.cmd.FrontDoor.Seen;
import dev.llmg.cmd.ScriptedJsonUpstream.Reply;
import dev.llmg.client.LlmgClient;

/**
 * Structured output as callers and targets meet it beyond a schema'd answer: tool calls' arguments checked
 * against their tool's parameters and corrected with tool messages; a schema emulated for a target without
 * native support (in the system instructions, with JSON mode or without); and the OpenAI SDK's own structured
 * output helper reading llmg's mended answer as a typed object.
 */
@Timeout(60)
class StructuredOutputCallersTest {

    private static final String LOOKUP_PARAMETERS =
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"],"
            + "\"additionalProperties\":false}";

    @RegisterExtension
    @Order(1)
    static final ScriptedJsonUpstream upstream = new ScriptedJsonUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            upstream.providerYaml("scripted")
            + "  claude: {type: anthropic, base_url: " + upstream.httpUri() + "/v1, api_key: sk-ant-test}\n",
            "models:",
            "  - name: people",
            "    provider: scripted",
            "  - name: people-emulated",
            "    targets: [{provider: scripted, model: gpt-4o-mini, capabilities: {json_schema: false}}]",
            "  - name: people-plain",
            "    targets: [{provider: scripted, model: gpt-4o-mini,"
            + " capabilities: {json_schema: false, json_mode: false}}]",
            // Its own target, so that its breaker is its own: one failure would open it, and no retry is
            // allowed; rejected answers must touch neither.
            "  - name: claude-people",
            "    targets: [{provider: claude, model: claude-sonnet-4-5}]",
            "  - name: people-fragile",
            "    structured_output: strict",
            "    targets: [{provider: scripted, model: fragile}]",
            "routing:",
            "  retry_budget: {ratio: 0, min_per_second: 0}",
            "  breaker: {consecutive_failures: 1, minimum_requests: 1000, cool_down: 60s}",
            ""));

    private static OpenAIClient openAi;

    @BeforeAll
    static void connect() {
        openAi = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test")
                                   .maxRetries(0).build();
    }

    @AfterAll
    static void close() {
        openAi.close();
        FrontDoor.closeClients();
    }

    @Test
    void badToolArgumentsAreCorrectedWithToolMessagesUnderRetry() {
        upstream.script(Reply.toolCall("lookup_person", "{\"name\": 5}"),
                        Reply.toolCall("lookup_person", "{'name': 'Ada',}"));
        final ChatRequest request = TestGateway.ask("people", "Look Ada up").toBuilder()
                .addTools(Tool.newBuilder().setName("lookup_person").setParameters(struct(LOOKUP_PARAMETERS)))
                .setStructuredOutput(StructuredOutputOptions.newBuilder().setPolicy(
                        StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY))
                .build();

        final CreateChatCompletionResponse answer = LlmgClient.connect(gateway.httpUri()).complete(request);

        final ToolCall call = answer.getChoices(0).getMessage().getToolCalls(0);
        assertThat(call.getName()).isEqualTo("lookup_person");
        assertThat(StructuredOutputTest.json(call.getArguments()))
                .as("the mended arguments").isEqualTo(StructuredOutputTest.json("{\"name\":\"Ada\"}"));
        assertThat(call.getParsedArguments()).isEqualTo(struct("{\"name\":\"Ada\"}"));
        final StructuredOutputResult result = answer.getGateway().getStructuredOutput();
        assertThat(result.getCorrections()).isEqualTo(1);
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(result.getChecks(0).getToolCall()).isZero();
        assertThat(result.getChecks(0).getToolName()).isEqualTo("lookup_person");

        final JsonNode messages = upstream.requests().get(1).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"name\": 5}");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(2).path("content").asText()).contains("Error").contains("name");
    }

    @Test
    void aTargetWithoutNativeSchemasGetsTheSchemaInItsInstructionsAndJsonMode() {
        upstream.script(Reply.content(FENCED));

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), askForPerson("people-emulated",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        final JsonNode sent = upstream.requests().get(0);
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(sent.path("response_format").has("json_schema")).isFalse();
        final JsonNode first = sent.path("messages").get(0);
        assertThat(first.path("role").asText()).isEqualTo("system");
        assertThat(first.path("content").toString()).contains("\\\"age\\\"").contains("integer");
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getEmulated()).isTrue();
        assertThat(result.getStatus()).as("the answer is still checked")
                                      .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(seen.parsed()).isEqualTo(value(StructuredOutputTest.VALID));
    }

    @Test
    void aTargetWithoutJsonModeGetsNoResponseFormatAtAll() {
        upstream.script(Reply.content("{\"name\": 5}"));

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), askForPerson("people-plain",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        final JsonNode sent = upstream.requests().get(0);
        assertThat(sent.has("response_format")).as("response_format in %s", sent).isFalse();
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(seen.gateway().getStructuredOutput().getEmulated()).isTrue();
        assertThat(seen.gateway().getStructuredOutput().getStatus())
                .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);
    }

    /** The type the SDK derives its schema from and reads the answer into. */
    public static class Person {
        public String name;
        public long age;
    }

    @Test
    void theOpenAiSdksStructuredOutputHelperReadsTheMendedAnswer() {
        upstream.script(Reply.content(FENCED));

        final StructuredChatCompletion<Person> completion = openAi.chat().completions().create(
                ChatCompletionCreateParams.builder().model("people").addUserMessage("Who wrote the first program?")
                                          .responseFormat(Person.class)
                                          .additionalBodyProperties(Map.of("llmg", JsonValue.from(
                                                  Map.of("structured_output", "repair"))))
                                          .build());

        final Person person = completion.choices().get(0).message().content().orElseThrow();
        assertThat(person.name).isEqualTo("Ada");
        assertThat(person.age).isEqualTo(36);
        assertThat(upstream.requests().get(0).path("response_format").path("type").asText())
                .isEqualTo("json_schema");
    }

    @Test
    void rejectedAnswersTouchNeitherTheBreakerNorTheRetryBudget() {
        upstream.script(Reply.content(WRONG));
        for (int call = 0; call < 2; call++) {
            final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), askForPerson("people-fragile", null, null));
            assertThat(seen.error()).as("the configured policy, strict").isEqualTo("UNAVAILABLE");
        }
        assertThat(upstream.requests()).as("each call: the answer and two corrections, budget or not").hasSize(6);

        upstream.script(Reply.content(VALID));
        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), askForPerson("people-fragile", null, null));

        assertThat(seen.error()).as("the target is still closed to nobody (%s)", seen.message()).isNull();
        assertThat(seen.gateway().getStructuredOutput().getPolicy())
                .isEqualTo(StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT);
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void aJsonObjectAnswerIsFoundInProseAndMended() {
        upstream.script(Reply.content("Sure! Here it is: {'name': 'Ada'} Hope it helps."));

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), jsonObject(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(StructuredOutputTest.json(seen.text())).isEqualTo(StructuredOutputTest.json("{\"name\":\"Ada\"}"));
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(result.getChecks(0).getRepairsList()).contains("surrounding_text", "single_quotes");
    }

    @Test
    void aJsonObjectAnswerMustBeAnObject() {
        upstream.script(Reply.content("[1, 2]"));

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), jsonObject(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE));

        assertThat(seen.text()).isEqualTo("[1, 2]");
        assertThat(seen.gateway().getStructuredOutput().getStatus())
                .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);
    }

    @Test
    void ofSeveralValuesInTheTextTheFirstThatFitsIsTaken() {
        upstream.script(Reply.content("A draft: {\"name\": \"Bob\"}. The answer: {\"name\": \"Ada\", \"age\": 36}"));

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR, null));

        assertThat(seen.parsed()).isEqualTo(value(VALID));
        assertThat(StructuredOutputTest.json(seen.text())).isEqualTo(StructuredOutputTest.json(VALID));
        assertThat(seen.gateway().getStructuredOutput().getStatus())
                .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
    }

    private static ChatRequest jsonObject(StructuredOutputPolicy policy) {
        return TestGateway.ask("people", "Who wrote the first program?").toBuilder()
                          .setResponseFormat(ResponseFormat.newBuilder().setType(
                                  ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT))
                          .setStructuredOutput(StructuredOutputOptions.newBuilder().setPolicy(policy)).build();
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC", "GRPC_STREAM", "OPENAI_STREAM"})
    void anEmulatedSchemaIsSaidSoOnEveryDoor(FrontDoor door) {
        upstream.script(Reply.content(VALID));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people-emulated",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(seen.gateway().getStructuredOutput().getEmulated()).isTrue();
        assertThat(seen.gateway().getStructuredOutput().getStatus())
                .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID);
        assertThat(upstream.requests().get(0).path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC", "REST", "OPENAI"})
    void moreThanFiveRetriesIsABadRequest(FrontDoor door) {
        upstream.script(Reply.content(VALID));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, 6));

        assertThat(seen.error()).isEqualTo("INVALID_ARGUMENT");
        assertThat(seen.message()).contains("max_retries");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anUnknownPolicyOnV1IsABadRequestNamingTheField() {
        upstream.script(Reply.content(VALID));

        final AggregatedHttpResponse answer = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON_UTF_8)
                              .build(),
                HttpData.ofUtf8("{\"model\":\"people\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                                + "\"llmg\":{\"structured_output\":\"lenient\"}}"))).aggregate().join();

        assertThat(answer.status().code()).isEqualTo(400);
        assertThat(StructuredOutputTest.json(answer.contentUtf8()).path("error").path("param").asText())
                .as(answer.contentUtf8()).isEqualTo("llmg.structured_output");
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void anthropicsForcedToolAnswerIsCheckedAndCorrectedToo() {
        upstream.script(Reply.content(WRONG), Reply.content("{\"name\": \"Ada\", \"age\": \"36\"}"));

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), askForPerson("claude-people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(seen.gateway().getProvider()).isEqualTo("claude");
        assertThat(StructuredOutputTest.json(seen.text())).isEqualTo(StructuredOutputTest.json(VALID));
        assertThat(seen.parsed()).isEqualTo(value(VALID));
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(result.getChecks(0).getRepairsList()).contains("string_as_number");
        assertThat(result.getCorrections()).isEqualTo(1);
        assertThat(result.getEmulated()).as("Anthropic's forced tool is native enough").isFalse();

        final JsonNode first = upstream.requests().get(0);
        assertThat(first.path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(first.path("tool_choice").path("name").asText()).isEqualTo("person");
        final JsonNode messages = upstream.requests().get(1).path("messages");
        assertThat(messages).as("%s", messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(2).toString()).contains("does not fit");
    }
}
