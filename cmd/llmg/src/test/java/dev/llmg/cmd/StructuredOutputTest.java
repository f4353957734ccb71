package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.cmd.FrontDoor.Seen;
import dev.llmg.cmd.ScriptedJsonUpstream.Reply;
import dev.llmg.client.LlmgClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Each structured output policy through every front door, unary and streamed, against an upstream that
 * answers as scripted: what the caller gets (the text as written or mended, the parsed value, the
 * {@code structured_output} metadata), what routing records (a rejected answer is an attempt), what the
 * upstream is asked the second time (the correction turn), and how a call where nothing fits ends.
 */
@Timeout(60)
class StructuredOutputTest {

    static final String PERSON_SCHEMA = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                                        + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],"
                                        + "\"additionalProperties\":false}";
    static final String FENCED = "```json\n{\"name\": \"Ada\", \"age\": 36,}\n```";
    static final String VALID = "{\"name\":\"Ada\",\"age\":36}";
    static final String WRONG = "{\"name\": 5}";
    static final String REASON = "structured_output_invalid";

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final ScriptedJsonUpstream primary = new ScriptedJsonUpstream();

    @RegisterExtension
    @Order(2)
    static final ScriptedJsonUpstream secondary = new ScriptedJsonUpstream();

    @RegisterExtension
    @Order(3) // after the upstreams, whose addresses its config names
    static final TestGateway gateway = new TestGateway(StructuredOutputTest::config);

    private static String config() {
        return String.join("\n",
                "providers:",
                primary.providerYaml("primary") + secondary.providerYaml("secondary"),
                "models:",
                "  - name: people",
                "    provider: primary",
                "  - name: people-twice",
                "    strategy: priority",
                "    structured_output: {policy: retry, max_retries: 1}",
                "    targets:",
                "      - {provider: primary, model: gpt-4o-mini}",
                "      - {provider: secondary, model: gpt-4o-mini}",
                "routing:",
                "  retry_budget: {ratio: 10, min_per_second: 100000}",
                "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
                "");
    }

    @AfterAll
    static void closeClients() {
        FrontDoor.closeClients();
    }

    /**
     * Returns a request to {@code model} for a person fitting {@link #PERSON_SCHEMA}, under {@code policy} (null:
     * the model's) with {@code maxRetries} (null: the model's).
     */
    static ChatRequest askForPerson(String model, StructuredOutputPolicy policy, Integer maxRetries) {
        final ChatRequest.Builder request = ask(model, "Who wrote the first program?").toBuilder().setResponseFormat(
                ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                              .setJsonSchema(JsonSchema.newBuilder().setName("person")
                                                       .setSchema(struct(PERSON_SCHEMA))));
        if (policy != null) {
            final StructuredOutputOptions.Builder options = StructuredOutputOptions.newBuilder().setPolicy(policy);
            if (maxRetries != null) {
                options.setMaxRetries(maxRetries);
            }
            request.setStructuredOutput(options);
        }
        return request.build();
    }

    static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        return struct.build();
    }

    /** Returns {@code json} as a protobuf value (whose numbers are doubles), to compare with parsed values. */
    static Value value(String json) {
        final Value.Builder value = Value.newBuilder();
        try {
            JsonFormat.parser().merge(json, value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        return value.build();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode json(com.google.protobuf.MessageOrBuilder value) {
        try {
            return JSON.readTree(JsonFormat.printer().print(value));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Returns whether the door shows a parsed value beside a unary answer's text, or on a stream's last piece. */
    private static boolean showsParsed(FrontDoor door) {
        return door != FrontDoor.OPENAI;
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void validatePassesTheAnswerOnAsWrittenAndSaysWhatWouldMendIt(FrontDoor door) {
        primary.script(Reply.content(FENCED));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(seen.text()).isEqualTo(FENCED);
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getPolicy()).isEqualTo(StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE);
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(result.getChecks(0).getRepairsList()).contains("code_fence", "trailing_comma");
        if (showsParsed(door)) {
            assertThat(seen.parsed()).as("parsed").isNotNull();
            assertThat(seen.parsed()).isEqualTo(value(VALID));
        }
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void repairPassesOnTheMendedJson(FrontDoor door) {
        primary.script(Reply.content(FENCED));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        if (door.streamed()) {
            // A stream under repair goes out live, as the provider sends it; the mended value comes as parsed.
            assertThat(seen.text()).isEqualTo(FENCED);
            assertThat(seen.parsed()).isEqualTo(value(VALID));
        } else {
            assertThat(json(seen.text())).isEqualTo(json(VALID));
        }
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getPolicy()).isEqualTo(StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR);
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void retryAsksAgainWithACorrectionTurnAndPassesOnOnlyTheAnswerThatFits(FrontDoor door) {
        primary.script(Reply.content(WRONG), Reply.content(VALID));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(json(seen.text())).isEqualTo(json(VALID));
        assertThat(seen.text()).as("the rejected answer never reaches the caller").doesNotContain("5");
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID);
        assertThat(result.getCorrections()).isEqualTo(1);
        final List<RoutingAttempt> attempts = seen.gateway().getRouting().getAttemptsList();
        assertThat(attempts).extracting(RoutingAttempt::getOutcome)
                            .containsExactly(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED,
                                             AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
        assertThat(attempts).allMatch(RoutingAttempt::hasStructuredOutput);
        assertThat(attempts.get(0).getStructuredOutput().getStatus())
                .isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);

        assertThat(primary.requests()).hasSize(2);
        final JsonNode messages = primary.requests().get(1).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asText()).isEqualTo(WRONG);
        assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(2).path("content").asText()).contains("does not fit").contains("age");
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void retryPassesOnTheLastAnswerMarkedInvalidWhenNothingFits(FrontDoor door) {
        primary.script(Reply.content(WRONG));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, 1));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(json(seen.text())).isEqualTo(json(WRONG));
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);
        assertThat(result.getChecks(0).getErrorsList()).isNotEmpty();
        assertThat(result.getCorrections()).isEqualTo(1);
        assertThat(primary.requests()).as("the first answer and one correction").hasSize(2);
        final List<RoutingAttempt> attempts = seen.gateway().getRouting().getAttemptsList();
        assertThat(attempts).as("%s", attempts).hasSize(2).allMatch(RoutingAttempt::hasStructuredOutput);
        assertThat(attempts).as("the last one too: passed on marked invalid (routing.proto)")
                            .allMatch(attempt -> attempt.getOutcome() == AttemptOutcome.ATTEMPT_OUTCOME_REJECTED);
        assertThat(seen.gateway().getProvider()).isEqualTo("primary");
        if (door != FrontDoor.WEBSOCKET) {
            assertThat(seen.headers()).containsEntry("x-llmg-provider", "primary");
        }
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void strictFailsUnavailableWithTheValidatorsMessageWhenNothingFits(FrontDoor door) {
        primary.script(Reply.content(WRONG));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT, 1));

        assertThat(seen.error()).isEqualTo("UNAVAILABLE");
        assertThat(seen.text()).as("nothing of a rejected answer").isEmpty();
        if (door != FrontDoor.GRPC_WEB && door != FrontDoor.GRPC_WEB_STREAM) {
            assertThat(seen.message()).as("the validator's message").contains("age");
        }
        assertThat(primary.requests()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC", "SSE", "OPENAI", "OPENAI_STREAM"})
    void retryMovesOnToTheNextTargetAfterMaxRetries(FrontDoor door) {
        primary.script(Reply.content(WRONG));
        secondary.script(Reply.content(FENCED));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people-twice", null, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        assertThat(json(seen.text())).isEqualTo(json(VALID));
        assertThat(seen.gateway().getStructuredOutput().getPolicy())
                .as("the model's configured policy").isEqualTo(StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY);
        assertThat(seen.gateway().getRouting().getAttemptsList())
                .extracting(attempt -> attempt.getTarget().getProvider() + " " + attempt.getOutcome())
                .containsExactly("primary ATTEMPT_OUTCOME_REJECTED", "primary ATTEMPT_OUTCOME_REJECTED",
                                 "secondary ATTEMPT_OUTCOME_SUCCEEDED");
        assertThat(primary.requests()).as("the first answer and max_retries (1) corrections").hasSize(2);
        assertThat(secondary.requests()).hasSize(1);
        assertThat(secondary.requests().get(0).path("messages")).as("the next target is asked afresh, without "
                                                                    + "the first one's correction turns").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = FrontDoor.class, names = {"GRPC", "GRPC_STREAM", "OPENAI_STREAM"})
    void aCutOffAnswerIsNeverValidEvenMended(FrontDoor door) {
        primary.script(Reply.cutOff("{\"name\": \"Ada\", \"ag"));

        final Seen seen = door.call(gateway.httpUri(), askForPerson("people",
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR, null));

        assertThat(seen.error()).as("error (%s)", seen.message()).isNull();
        final StructuredOutputResult result = seen.gateway().getStructuredOutput();
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);
        assertThat(result.getChecks(0).getTruncated()).isTrue();
        assertThat(result.getChecks(0).getRepairsList()).contains("truncated");
    }

    @Test
    void strictFailureNamesItsReasonOnEveryWire() throws Exception {
        primary.script(Reply.content(WRONG));
        final ChatRequest request = askForPerson("people", StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT, 0);

        final StatusRuntimeException grpc = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(request));
        assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(BadRequestTest.detailOf(grpc).getReason()).isEqualTo(REASON);

        final AggregatedHttpResponse rest = post("/api/v1/chat/completions", JsonFormat.printer().print(request));
        assertThat(rest.status().code()).isEqualTo(503);
        assertThat(rest.contentUtf8()).contains(REASON);

        final String openAi = "{\"model\":\"people\",\"messages\":[{\"role\":\"user\",\"content\":\"Who?\"}],"
                              + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\","
                              + "\"schema\":" + PERSON_SCHEMA + "}},"
                              + "\"llmg\":{\"structured_output\":{\"policy\":\"strict\",\"max_retries\":0}}";
        final AggregatedHttpResponse unary = post("/v1/chat/completions", openAi + "}");
        assertThat(unary.status().code()).isEqualTo(503);
        assertThat(json(unary.contentUtf8()).path("error").path("code").asText()).isEqualTo(REASON);

        final AggregatedHttpResponse streamed = post("/v1/chat/completions", openAi + ",\"stream\":true}");
        assertThat(streamed.status().code()).as("held, so the failure comes before any piece").isEqualTo(503);
        assertThat(streamed.contentUtf8()).contains(REASON);
        assertThat(primary.requests()).as("max_retries 0: one request per call").hasSize(4);
    }

    @Test
    void theInferenceRecordKeepsTheRejectedAttempt() throws Exception {
        primary.script(Reply.content(WRONG), Reply.content(VALID));

        final AggregatedHttpResponse answer = post("/api/v1/chat/completions", JsonFormat.printer().print(
                askForPerson("people", StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, null)));

        assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(200);
        final String id = answer.headers().get("x-request-id");
        assertThat(id).isNotEmpty();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        AggregatedHttpResponse found;
        while ((found = WebClient.of(gateway.httpUri()).get("/api/v1/inferences/" + id).aggregate().join())
                       .status().code() != 200) {
            assertThat(System.nanoTime()).as("recorded within 10 s: %s", found.contentUtf8()).isLessThan(deadline);
            Thread.sleep(20);
        }
        final JsonNode attempts = json(found.contentUtf8()).path("inference").path("attempts");
        assertThat(attempts).extracting(attempt -> attempt.path("outcome").asText())
                            .containsExactly("ATTEMPT_OUTCOME_REJECTED", "ATTEMPT_OUTCOME_SUCCEEDED");
    }

    private static AggregatedHttpResponse post(String path, String json) {
        return WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8).build(),
                HttpData.ofUtf8(json))).aggregate().join();
    }
}
