package dev.llmg.cmd;

import static dev.llmg.cmd.StructuredOutputTest.FENCED;
import static dev.llmg.cmd.StructuredOutputTest.VALID;
import static dev.llmg.cmd.StructuredOutputTest.askForPerson;
import static dev.llmg.cmd.StructuredOutputTest.json;
import static dev.llmg.cmd.StructuredOutputTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.cmd.FrontDoor.Seen;
import dev.llmg.cmd.ScriptedJsonUpstream.Reply;
import dev.llmg.client.LlmgClient;

/**
 * Structured answers streamed: under validate the pieces carry the JSON read so far, whole, growing as the
 * text arrives, and the finishing piece its final value, on the native streams and on {@code /v1}'s chunks (read
 * raw, since the SDKs drop what they do not know); under retry and strict a rejected answer is held back, so
 * only the answer that fits reaches the caller.
 */
@Timeout(60)
class StructuredOutputStreamingTest {

    /**
     * A person streamed in pieces of four characters, so that its fields arrive one after another; long enough
     * for several partial values (llmg reads the text again once it has grown by an eighth).
     */
    private static final String STREAMED = "{\"name\": \"Ada Lovelace\", \"age\": 36, \"born\": \"London\", "
            + "\"known_for\": \"the notes of 1843 on the Analytical Engine, with the first published algorithm "
            + "meant to be carried out by a machine\"}";
    private static final String PERSON_WITH_BIRTHPLACE =
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"},"
            + "\"born\":{\"type\":\"string\"}},\"required\":[\"name\",\"age\"]}";

    @RegisterExtension
    @Order(1)
    static final ScriptedJsonUpstream upstream = new ScriptedJsonUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            upstream.providerYaml("scripted"),
            "models:",
            "  - name: people",
            "    provider: scripted",
            ""));

    @AfterAll
    static void closeClients() {
        FrontDoor.closeClients();
    }

    private static ChatRequest askForFullPerson(StructuredOutputPolicy policy) {
        final ChatRequest request = askForPerson("people", policy, null);
        return request.toBuilder().setResponseFormat(request.getResponseFormat().toBuilder().setJsonSchema(
                request.getResponseFormat().getJsonSchema().toBuilder()
                       .setSchema(StructuredOutputTest.struct(PERSON_WITH_BIRTHPLACE)))).build();
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC_STREAM", "SSE", "WEBSOCKET", "OPENAI_STREAM"})
    void piecesCarryTheValueSoFarAndTheLastOneTheFinalValue(FrontDoor door) {
        upstream.script(Reply.content(STREAMED));

        final Seen seen = door.call(gateway.httpUri(), askForFullPerson(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(seen.text()).isEqualTo(STREAMED);
        assertThat(seen.pieces()).as("streamed live, piece by piece").isGreaterThan(5);
        assertThat(seen.parsed()).isEqualTo(value(STREAMED));
        final List<Value> partials = seen.partials();
        assertThat(partials).as("partial values as the text grows").hasSizeGreaterThan(3);
        assertThat(partials).allMatch(Value::hasStructValue);
        for (int i = 1; i < partials.size(); i++) {
            assertThat(partials.get(i)).as("each partial differs from the one before")
                                       .isNotEqualTo(partials.get(i - 1));
            assertThat(partials.get(i).getStructValue().getFieldsCount())
                    .as("fields only ever arrive").isGreaterThanOrEqualTo(
                            partials.get(i - 1).getStructValue().getFieldsCount());
        }
        assertThat(partials).as("a field seen while its string was still open")
                            .anySatisfy(partial -> assertThat(partial.getStructValue().getFieldsMap().get("name"))
                                    .isNotNull().extracting(Value::getStringValue).isNotEqualTo("Ada Lovelace"));
        final Struct last = partials.get(partials.size() - 1).getStructValue();
        assertThat(last.getFieldsOrThrow("born").getStringValue()).as("the last partial: the value so far")
                                                                  .isEqualTo("London");
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC_STREAM", "SSE"})
    void partialFalseTurnsThePartialValuesOff(FrontDoor door) {
        upstream.script(Reply.content(STREAMED));
        final ChatRequest request = askForFullPerson(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE);

        final Seen seen = door.call(gateway.httpUri(), request.toBuilder().setStructuredOutput(
                request.getStructuredOutput().toBuilder().setPartial(false)).build());

        assertThat(seen.partials()).isEmpty();
        assertThat(seen.parsed()).isEqualTo(value(STREAMED));
    }

    @Test
    void v1ChunksCarryThePartialValuesInTheirLlmgObject() throws Exception {
        upstream.script(Reply.content(STREAMED));
        final String body = "{\"model\":\"people\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Who?\"}],"
                            + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\","
                            + "\"schema\":" + PERSON_WITH_BIRTHPLACE + "}},"
                            + "\"llmg\":{\"structured_output\":\"validate\"}}";

        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON_UTF_8)
                              .build(), HttpData.ofUtf8(body))).aggregate().join();

        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        final List<JsonNode> partials = new ArrayList<>();
        JsonNode parsed = null;
        final StringBuilder text = new StringBuilder();
        for (String block : response.contentUtf8().split("\n\n")) {
            if (!block.startsWith("data: {")) {
                continue;
            }
            final JsonNode choices = json(block.substring(6)).path("choices");
            if (choices.isEmpty()) {
                continue;
            }
            text.append(choices.get(0).path("delta").path("content").asText(""));
            final JsonNode llmg = choices.get(0).path("llmg");
            if (llmg.has("partial")) {
                partials.add(llmg.get("partial"));
            }
            if (llmg.has("parsed")) {
                parsed = llmg.get("parsed");
            }
        }
        assertThat(text.toString()).isEqualTo(STREAMED);
        assertThat(partials).hasSizeGreaterThan(3).allMatch(JsonNode::isObject);
        assertThat(parsed).as("choices[0].llmg.parsed on the finishing chunk").isNotNull();
        assertThat(parsed.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(parsed.path("age").isIntegralNumber()).as("age as a JSON caller reads it: %s", parsed)
                                                         .isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC_STREAM", "SSE", "WEBSOCKET", "OPENAI_STREAM"})
    void strictHoldsARejectedStreamBackAndSendsTheAnswerThatFitsInOnePiece(FrontDoor door) {
        upstream.script(Reply.content("{\"name\": \"Eve\"}"), Reply.content(FENCED));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(seen.text()).as("only the mended answer that fits").doesNotContain("Eve");
        assertThat(json(seen.text())).isEqualTo(json(VALID));
        assertThat(seen.pieces()).as("held until checked, then one piece").isEqualTo(1);
        assertThat(seen.gateway().getStructuredOutput().getCorrections()).isEqualTo(1);
        assertThat(upstream.requests()).hasSize(2).allMatch(request -> request.path("stream").asBoolean());
    }

    @Test
    void toolCallFragmentsCarryTheArgumentsSoFar() {
        final String arguments = "{\"name\": \"Ada Lovelace\", \"city\": \"London\", \"why\": \"to ask about "
                                 + "the notes of 1843 on the Analytical Engine and the first published algorithm\"}";
        upstream.script(Reply.toolCall("lookup_person", arguments));
        final ChatRequest request = TestGateway.ask("people", "Look Ada up").toBuilder()
                .addTools(Tool.newBuilder().setName("lookup_person").setParameters(StructuredOutputTest.struct(
                        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                        + "\"city\":{\"type\":\"string\"}},\"required\":[\"name\"]}")))
                .build();

        final List<Value> partials = new ArrayList<>();
        final StringBuilder streamed = new StringBuilder();
        StreamChatCompletionResponse last = null;
        final Iterator<StreamChatCompletionResponse> pieces = LlmgClient.connect(gateway.httpUri()).stream(request);
        while (pieces.hasNext()) {
            last = pieces.next();
            if (last.getChoicesCount() == 0) {
                continue;
            }
            for (ToolCallDelta call : last.getChoices(0).getDelta().getToolCallsList()) {
                streamed.append(call.getArguments());
                if (call.hasPartialArguments()) {
                    partials.add(call.getPartialArguments());
                }
            }
        }

        assertThat(streamed.toString()).isEqualTo(arguments);
        assertThat(partials).hasSizeGreaterThan(3).allMatch(Value::hasStructValue);
        assertThat(partials.get(partials.size() - 1).getStructValue().getFieldsOrThrow("city").getStringValue())
                .isEqualTo("London");
        assertThat(last.getGateway().getStructuredOutput().getStatus())
                .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID);
        assertThat(last.getGateway().getStructuredOutput().getChecks(0).getToolName()).isEqualTo("lookup_person");
    }

    @Test
    void retryHoldsAStreamedToolCallWithBadArgumentsBackAndReplaysTheCorrectedOne() {
        upstream.script(Reply.toolCall("lookup_person", "{\"name\": 5}"),
                        Reply.toolCall("lookup_person", "{\"name\": \"Ada\"}"));
        final ChatRequest request = TestGateway.ask("people", "Look Ada up").toBuilder()
                .addTools(Tool.newBuilder().setName("lookup_person").setParameters(StructuredOutputTest.struct(
                        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
                        + "\"required\":[\"name\"]}")))
                .setStructuredOutput(StructuredOutputOptions.newBuilder().setPolicy(
                        StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY))
                .build();

        final StringBuilder arguments = new StringBuilder();
        final List<String> names = new ArrayList<>();
        FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;
        StreamChatCompletionResponse last = null;
        final Iterator<StreamChatCompletionResponse> pieces = LlmgClient.connect(gateway.httpUri()).stream(request);
        while (pieces.hasNext()) {
            last = pieces.next();
            if (last.getChoicesCount() == 0) {
                continue;
            }
            if (last.getChoices(0).getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                finish = last.getChoices(0).getFinishReason();
            }
            for (ToolCallDelta call : last.getChoices(0).getDelta().getToolCallsList()) {
                arguments.append(call.getArguments());
                if (!call.getName().isEmpty()) {
                    names.add(call.getName());
                }
            }
        }

        assertThat(names).as("one tool call, named once").containsExactly("lookup_person");
        assertThat(json(arguments.toString())).as("only the corrected arguments")
                                              .isEqualTo(json("{\"name\":\"Ada\"}"));
        assertThat(finish).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(last.getGateway().getStructuredOutput().getCorrections()).isEqualTo(1);
        assertThat(upstream.requests()).hasSize(2);
        assertThat(upstream.requests().get(1).path("messages").get(2).path("role").asText()).isEqualTo("tool");
    }
}
