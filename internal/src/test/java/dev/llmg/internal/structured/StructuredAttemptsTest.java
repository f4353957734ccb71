package dev.llmg.internal.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.AnswerRejected;
import dev.llmg.internal.routing.Candidate;
import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.routing.config.StructuredPolicy;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * One call's structured output across attempts, without a server: what each policy does with an answer that
 * does not fit, what the next attempt is sent, which answer is passed on, and how streams are held and followed.
 */
class StructuredAttemptsTest {

    private static final AnswerChecker CHECKER = new AnswerChecker(new SchemaValidator());
    private static final Struct PERSON = struct("""
            {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
             "required": ["name", "age"], "additionalProperties": false}""");
    private static final ChatRequest ASKED = ChatRequest.newBuilder().setModel("m")
            .addMessages(Message.newBuilder().setRole(Role.ROLE_USER).addContent(text("who?")))
            .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                                             .setJsonSchema(JsonSchema.newBuilder().setName("person").setSchema(PERSON)))
            .build();

    @Test
    void validateReportsAndPassesTheTextOnAsWritten() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final Candidate<?> at = candidate(StructuredPolicy.VALIDATE, 2, Capabilities.UNKNOWN);

        final CreateChatCompletionResponse answer = run.accept(answer("```json\n{\"name\": \"Ada\", \"age\": 36,}\n```"),
                                                               ASKED, at, Attempt.withTimeout(Duration.ZERO));

        assertThat(contentOf(answer)).startsWith("```json");
        assertThat(answer.getChoices(0).getParsed().getStructValue().getFieldsOrThrow("age").getNumberValue())
                .isEqualTo(36);
        final StructuredOutputResult result = run.result();
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(result.getChecks(0).getRepairsList()).contains("code_fence", "trailing_comma");
    }

    @Test
    void aNumberNoDoubleCarriesLeavesTheValueUnsetRatherThanFailingTheCall() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final CreateChatCompletionResponse answer = run.accept(answer("{\"name\": \"Ada\", \"age\": 1e400}"), ASKED,
                candidate(StructuredPolicy.VALIDATE, 2, Capabilities.UNKNOWN), Attempt.withTimeout(Duration.ZERO));

        assertThat(answer.getChoices(0).hasParsed()).isFalse();
        assertThat(run.result().getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);
    }

    @Test
    void repairPassesTheMendedJsonOn() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final CreateChatCompletionResponse answer = run.accept(answer("Sure: {name: 'Ada', age: \"36\"}"), ASKED,
                candidate(StructuredPolicy.REPAIR, 2, Capabilities.UNKNOWN), Attempt.withTimeout(Duration.ZERO));

        assertThat(contentOf(answer)).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
        assertThat(run.result().getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
    }

    @Test
    void retryAsksTheSameTargetAgainWithACorrectionTurnThenMovesOn() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final Candidate<?> at = candidate(StructuredPolicy.RETRY, 1, Capabilities.UNKNOWN);
        final Attempt attempt = Attempt.withTimeout(Duration.ZERO);

        final ChatRequest first = run.requestFor(ASKED, at);
        assertThat(first).isEqualTo(ASKED);
        final AnswerRejected rejected = rejection(() -> run.accept(answer("{\"name\": 5}"), first, at, attempt));
        assertThat(rejected.askAgain()).isTrue();
        assertThat(rejected.reason()).isEqualTo(AnswerRejected.REASON);
        assertThat(rejected.getMessage()).contains("$.name", "age");

        final ChatRequest second = run.requestFor(ASKED, at);
        assertThat(second.getMessagesList()).hasSize(3);
        assertThat(second.getMessages(1).getRole()).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(second.getMessages(1).getContent(0).getText()).isEqualTo("{\"name\": 5}");
        assertThat(second.getMessages(2).getRole()).isEqualTo(Role.ROLE_USER);
        assertThat(second.getMessages(2).getContent(0).getText()).contains("does not fit", "$.name");

        assertThat(run.requestFor(ASKED, at)).as("sent again after a failure that was not a rejection, e.g. a 503")
                                             .isEqualTo(second);
        final AnswerRejected again = rejection(() -> run.accept(answer("{\"name\": \"Ada\"}"), second, at, attempt));
        assertThat(again.askAgain()).as("max_retries 1 is spent: the next target").isFalse();

        final CreateChatCompletionResponse good = run.accept(answer("{\"name\": \"Ada\", \"age\": 36}"),
                run.requestFor(ASKED, candidate(StructuredPolicy.RETRY, 1, Capabilities.UNKNOWN)),
                candidate(StructuredPolicy.RETRY, 1, Capabilities.UNKNOWN), attempt);
        assertThat(contentOf(good)).isEqualTo("{\"name\": \"Ada\", \"age\": 36}");
        assertThat(run.result().getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID);
        assertThat(run.result().getCorrections()).isEqualTo(1);
    }

    @Test
    void retryPassesTheLastAnswerOnWhenNothingFitsAndStrictDoesNot() {
        final StructuredAttempts retry = StructuredAttempts.of(ASKED, CHECKER);
        final Candidate<?> lenient = candidate(StructuredPolicy.RETRY, 0, Capabilities.UNKNOWN);
        final AnswerRejected rejected = rejection(() -> retry.accept(answer("{\"name\": 5}"), ASKED, lenient,
                                                                     Attempt.withTimeout(Duration.ZERO)));

        assertThat(retry.passOn(rejected, RoutingDecision.getDefaultInstance())).hasValueSatisfying(routed -> {
            assertThat(contentOf(routed.answer())).isEqualTo("{\"name\": 5}");
            assertThat(routed.served()).isSameAs(lenient);
        });
        assertThat(retry.result().getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID);
        assertThat(retry.passOn(new GatewayException(ErrorKind.CANCELLED, "cancelled", "gone"),
                                RoutingDecision.getDefaultInstance())).as("nobody to answer").isEmpty();

        final StructuredAttempts strict = StructuredAttempts.of(ASKED, CHECKER);
        final AnswerRejected refused = rejection(() -> strict.accept(answer("{\"name\": 5}"), ASKED,
                candidate(StructuredPolicy.STRICT, 0, Capabilities.UNKNOWN), Attempt.withTimeout(Duration.ZERO)));
        assertThat(strict.passOn(refused, RoutingDecision.getDefaultInstance())).isEmpty();
        assertThat(refused.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    @Test
    void aRequestsOwnPolicyWinsOverTheModels() {
        final ChatRequest strictly = ASKED.toBuilder().setStructuredOutput(
                dev.llmg.api.gateway.v1.StructuredOutputOptions.newBuilder()
                        .setPolicy(dev.llmg.api.gateway.v1.StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT)
                        .setMaxRetries(0)).build();
        final StructuredAttempts run = StructuredAttempts.of(strictly, CHECKER);

        assertThatThrownBy(() -> run.accept(answer("nope"), strictly, candidate(StructuredPolicy.VALIDATE, 2,
                                                                                  Capabilities.UNKNOWN),
                                            Attempt.withTimeout(Duration.ZERO)))
                .isInstanceOf(AnswerRejected.class).hasMessageContaining("holds no JSON value");
    }

    @Test
    void toolArgumentsAreCheckedAgainstTheirToolAndCorrectedWithToolMessages() {
        final ChatRequest withTool = ChatRequest.newBuilder().setModel("m")
                .addMessages(Message.newBuilder().setRole(Role.ROLE_USER).addContent(text("weather?")))
                .addTools(Tool.newBuilder().setName("weather").setParameters(struct("""
                        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}""")))
                .build();
        final StructuredAttempts run = StructuredAttempts.of(withTool, CHECKER);
        final Candidate<?> at = candidate(StructuredPolicy.RETRY, 2, Capabilities.UNKNOWN);
        final CreateChatCompletionResponse called = CreateChatCompletionResponse.newBuilder().addChoices(
                Choice.newBuilder().setFinishReason(FinishReason.FINISH_REASON_TOOL_CALLS).setMessage(
                        Message.newBuilder().setRole(Role.ROLE_ASSISTANT).addToolCalls(
                                ToolCall.newBuilder().setId("call_1").setName("weather")
                                        .setArguments("{\"town\": \"Oslo\"}")))).build();

        rejection(() -> run.accept(called, withTool, at, Attempt.withTimeout(Duration.ZERO)));
        final ChatRequest corrected = run.requestFor(withTool, at);

        final Message toolResult = corrected.getMessages(corrected.getMessagesCount() - 1);
        assertThat(toolResult.getRole()).isEqualTo(Role.ROLE_TOOL);
        assertThat(toolResult.getToolCallId()).isEqualTo("call_1");
        assertThat(toolResult.getContent(0).getText()).contains("do not fit", "city");

        final CreateChatCompletionResponse good = run.accept(called.toBuilder().setChoices(0, called.getChoices(0)
                .toBuilder().setMessage(called.getChoices(0).getMessage().toBuilder().setToolCalls(0,
                        ToolCall.newBuilder().setId("call_2").setName("weather").setArguments("{'city': 'Oslo'}"))))
                .build(), corrected, at, Attempt.withTimeout(Duration.ZERO));
        final ToolCall call = good.getChoices(0).getMessage().getToolCalls(0);
        assertThat(call.getArguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(call.getParsedArguments().getFieldsOrThrow("city").getStringValue()).isEqualTo("Oslo");
    }

    @Test
    void aTargetWithoutNativeSchemasGetsTheSchemaInItsInstructionsAndJsonModeWhereItHasOne() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final ChatRequest withMode = run.requestFor(ASKED, candidate(StructuredPolicy.VALIDATE, 2,
                                                                     new Capabilities(null, false, null, null, true)));
        final ChatRequest without = run.requestFor(ASKED, candidate(StructuredPolicy.VALIDATE, 2,
                                                                    new Capabilities(null, false, null, null, false)));

        assertThat(withMode.getResponseFormat().getType()).isEqualTo(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT);
        assertThat(without.hasResponseFormat()).isFalse();
        assertThat(withMode.getMessages(0).getRole()).isEqualTo(Role.ROLE_SYSTEM);
        assertThat(withMode.getMessages(0).getContent(0).getText()).contains("JSON Schema", "\"age\"", "person");
    }

    @Test
    void aHeldStreamIsReplayedMendedOrRejectedBeforeAnyPiece() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final Candidate<?> at = candidate(StructuredPolicy.RETRY, 1, Capabilities.UNKNOWN);

        final StreamMessage<StreamChatCompletionResponse> rejected =
                run.hold(pieces("{\"name\"", ": 5}"), ASKED, at, Attempt.withTimeout(Duration.ZERO));
        assertThatThrownBy(() -> rejected.collect().join()).hasRootCauseInstanceOf(AnswerRejected.class);

        final List<StreamChatCompletionResponse> replayed = run.hold(
                pieces("```json\n{\"name\": \"Ada\",", " \"age\": 36}\n```"), ASKED, at,
                Attempt.withTimeout(Duration.ZERO)).collect().join();
        assertThat(replayed).hasSize(1);
        assertThat(replayed.get(0).getChoices(0).getDelta().getContent()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
        assertThat(replayed.get(0).getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
    }

    @Test
    void aFollowedStreamCarriesGrowingPartialsThenTheParsedValue() {
        final StructuredAttempts run = StructuredAttempts.of(ASKED, CHECKER);
        final StructuredStream stage = run.streamStage();
        final String a = "A".repeat(StructuredStream.MIN_GROWTH);
        final String b = "B".repeat(StructuredStream.MIN_GROWTH);
        final List<StreamChatCompletionResponse> seen = new ArrayList<>();
        for (StreamChatCompletionResponse piece : pieces("{\"name\": \"" + a, "x", b + "\", \"age\": 3", "6}")
                .collect().join()) {
            seen.add(stage.annotate(piece));
        }

        assertThat(name(seen.get(0).getChoices(0).getPartial())).as("a cut string ends where the text does")
                                                                 .isEqualTo(a);
        assertThat(seen.get(1).getChoices(0).hasPartial()).as("one more character: not read again").isFalse();
        assertThat(name(seen.get(2).getChoices(0).getPartial())).isEqualTo(a + "x" + b);
        assertThat(seen.get(3).getChoices(0).getParsed().getStructValue().getFieldsOrThrow("age").getNumberValue())
                .isEqualTo(36);
        final StructuredOutputResult result =
                run.streamResult(stage, candidate(StructuredPolicy.VALIDATE, 2, Capabilities.UNKNOWN));
        assertThat(result.getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID);
    }

    private static String name(com.google.protobuf.Value partial) {
        return partial.getStructValue().getFieldsOrThrow("name").getStringValue();
    }

    @Test
    void aCallThatAsksForNothingIsLeftAlone() {
        final ChatRequest plain = ASKED.toBuilder().clearResponseFormat().build();
        final StructuredAttempts run = StructuredAttempts.of(plain, CHECKER);

        assertThat(run.active()).isFalse();
        assertThat(run.streamStage()).isNull();
        final CreateChatCompletionResponse answer = answer("not JSON at all");
        assertThat(run.accept(answer, plain, candidate(StructuredPolicy.STRICT, 0, Capabilities.UNKNOWN),
                              Attempt.withTimeout(Duration.ZERO))).isSameAs(answer);
        assertThat(run.result()).isNull();
        assertThat(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED.getNumber()).isEqualTo(4);
    }

    private static AnswerRejected rejection(Runnable call) {
        try {
            call.run();
        } catch (AnswerRejected e) {
            return e;
        }
        throw new AssertionError("the answer was not rejected");
    }

    private static Candidate<?> candidate(StructuredPolicy policy, int maxRetries, Capabilities capabilities) {
        final Target target = new Target("p", "m");
        final RouteTarget route = new RouteTarget(target, ConfiguredProvider.unavailable("p", "test", "never called"),
                                                  1, 0, 0, 0, capabilities, Prices.UNKNOWN,
                                                  new TargetHealthRegistry().of(target, BreakerSettings.DEFAULT,
                                                                                RetryBudgetSettings.DEFAULT));
        final ModelGroup group = new ModelGroup("m", Strategy.PRIORITY, List.of(route), List.of(), RetrySettings.DEFAULT,
                                                Duration.ZERO, new StructuredOutputSettings(policy, maxRetries));
        return new Candidate<>(route, new Object(), group);
    }

    private static CreateChatCompletionResponse answer(String content) {
        return CreateChatCompletionResponse.newBuilder().setId("c").addChoices(Choice.newBuilder().setFinishReason(
                FinishReason.FINISH_REASON_STOP).setMessage(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                                                   .addContent(text(content)))).build();
    }

    private static StreamMessage<StreamChatCompletionResponse> pieces(String... contents) {
        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            final ChoiceDelta.Builder choice = ChoiceDelta.newBuilder().setDelta(Delta.newBuilder().setContent(contents[i]));
            if (i == contents.length - 1) {
                choice.setFinishReason(FinishReason.FINISH_REASON_STOP);
            }
            pieces.add(StreamChatCompletionResponse.newBuilder().setId("c").addChoices(choice).build());
        }
        return StreamMessage.of(pieces.toArray(new StreamChatCompletionResponse[0]));
    }

    private static String contentOf(CreateChatCompletionResponse answer) {
        return answer.getChoices(0).getMessage().getContent(0).getText();
    }

    private static ContentPart text(String text) {
        return ContentPart.newBuilder().setText(text).build();
    }

    private static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
        return struct.build();
    }
}
