package dev.llmg.internal.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.api.gateway.v1.StructuredOutputCheck;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.routing.AnswerRejected;
import dev.llmg.internal.routing.PriceTable;

class InferenceRecordsTest {

    private static final RoutingTarget TARGET =
            RoutingTarget.newBuilder().setProvider("openai").setModel("gpt-4o-mini").build();

    @TempDir
    Path spillDir;

    @Test
    void keepsHowTheAnswerAndEachAttemptWereChecked() {
        final StructuredOutputResult rejected = result(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID,
                0, check(0, null, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID, List.of("code_fence"),
                         List.of("$.age: expected integer, got string")),
                check(1, 0, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID, List.of(),
                      List.of("$: required property 'city'\nnot found")));
        final StructuredOutputResult answer = result(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED,
                1, check(0, null, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED,
                         List.of("code_fence", "trailing_comma"), List.of()),
                check(0, 0, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED, List.of("TRAILING_COMMA", "comment"),
                      List.of()));
        final GatewayMetadata gateway = GatewayMetadata.newBuilder()
                .setProvider("openai").setModel("gpt-4o-mini").setStructuredOutput(answer)
                .setRouting(routing(attempt(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED, rejected),
                                    attempt(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED, answer)))
                .build();

        final InferenceRecord record = records().of(ended(CallOutcome.answered(
                gateway, null, FinishReason.FINISH_REASON_STOP, null)));

        assertThat(record.structuredStatus()).isEqualTo("repaired");
        assertThat(record.structuredPolicy()).isEqualTo("retry");
        assertThat(record.structuredRepairs()).containsExactly("code_fence", "trailing_comma", "comment");
        assertThat(record.structuredCorrections()).isEqualTo(1);
        final AttemptRecord first = record.attempts().get(0);
        assertThat(first.outcome()).isEqualTo("rejected");
        assertThat(first.structuredStatus()).isEqualTo("invalid");
        assertThat(first.structuredErrors()).containsExactly(
                "$.age: expected integer, got string",
                "choice 1 tool call 0 (get_weather): $: required property 'city' not found");
        final AttemptRecord second = record.attempts().get(1);
        assertThat(second.outcome()).isEqualTo("succeeded");
        assertThat(second.structuredStatus()).isEqualTo("repaired");
        assertThat(second.structuredErrors()).isEmpty();
    }

    @Test
    void aFailedCallKeepsItsRejectedAttemptsAndTheLastCheck() {
        final StructuredOutputResult firstCheck = result(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID,
                0, check(0, null, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID, List.of(),
                         List.of("$: expected object")));
        final StructuredOutputResult lastCheck = result(
                StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID,
                1, check(0, null, StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID, List.of("truncated"),
                         List.of("$: the text ended inside the value")));
        // A failed call's metadata (GatewayStamp.ofFailed) has the routing but no structured_output of its own.
        final GatewayMetadata gateway = GatewayMetadata.newBuilder()
                .setRouting(routing(attempt(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED, firstCheck),
                                    attempt(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED, lastCheck)))
                .build();

        final InferenceRecord record = records().of(ended(CallOutcome.failed(
                gateway, new AnswerRejected("$: the text ended inside the value", false, lastCheck))));

        assertThat(record.status()).isEqualTo("UNAVAILABLE");
        assertThat(record.errorKind()).isEqualTo(AnswerRejected.REASON);
        assertThat(record.structuredStatus()).isEqualTo("invalid");
        assertThat(record.structuredPolicy()).isEqualTo("strict");
        assertThat(record.structuredRepairs()).containsExactly("truncated");
        assertThat(record.structuredCorrections()).isEqualTo(1);
        assertThat(record.attempts()).extracting(AttemptRecord::outcome).containsExactly("rejected", "rejected");
        assertThat(record.attempts()).extracting(AttemptRecord::structuredStatus).containsExactly("invalid", "invalid");
        assertThat(record.attempts()).extracting(AttemptRecord::structuredErrors)
                                     .containsExactly(List.of("$: expected object"),
                                                      List.of("$: the text ended inside the value"));
    }

    @Test
    void aCallThatAskedForNoJsonHasNoStructuredParts() {
        final GatewayMetadata gateway = GatewayMetadata.newBuilder()
                .setRouting(routing(RoutingAttempt.newBuilder().setTarget(TARGET)
                                                  .setOutcome(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED).build()))
                .build();

        final InferenceRecord record = records().of(ended(CallOutcome.answered(
                gateway, null, FinishReason.FINISH_REASON_STOP, null)));

        assertThat(record.structuredStatus()).isNull();
        assertThat(record.structuredPolicy()).isNull();
        assertThat(record.structuredRepairs()).isEmpty();
        assertThat(record.structuredCorrections()).isNull();
        assertThat(record.attempts().get(0).structuredStatus()).isNull();
        assertThat(record.attempts().get(0).structuredErrors()).isEmpty();
    }

    private InferenceRecords records() {
        final TrackingSettings settings = TrackingSettings.from(
                new ConfigLoader(Map.of()).parse("tracking:\n  spill_dir: " + spillDir + "\n"));
        return new InferenceRecords(new PriceTable(() -> {
            throw new AssertionError("no prices without usage");
        }), settings);
    }

    private static EndedCall ended(CallOutcome outcome) {
        final Call call = TestCalls.of("req-structured");
        return new EndedCall(call, Optional.empty(), 0, System.nanoTime(), outcome);
    }

    private static RoutingDecision routing(RoutingAttempt... attempts) {
        return RoutingDecision.newBuilder().setRequestedModel("chat").setModel("chat")
                              .addAllAttempts(List.of(attempts)).build();
    }

    private static RoutingAttempt attempt(AttemptOutcome outcome, StructuredOutputResult check) {
        final RoutingAttempt.Builder attempt = RoutingAttempt.newBuilder().setTarget(TARGET).setOutcome(outcome)
                                                             .setProviderStatus(200).setStructuredOutput(check);
        if (outcome == AttemptOutcome.ATTEMPT_OUTCOME_REJECTED) {
            attempt.setErrorKind("unavailable").setErrorReason(AnswerRejected.REASON);
        }
        return attempt.build();
    }

    private static StructuredOutputResult result(StructuredOutputPolicy policy, StructuredOutputStatus status,
                                                 int corrections, StructuredOutputCheck... checks) {
        return StructuredOutputResult.newBuilder().setPolicy(policy).setStatus(status).setCorrections(corrections)
                                     .addAllChecks(List.of(checks)).build();
    }

    private static StructuredOutputCheck check(int choice, Integer toolCall, StructuredOutputStatus status,
                                               List<String> repairs, List<String> errors) {
        final StructuredOutputCheck.Builder check = StructuredOutputCheck.newBuilder().setChoice(choice)
                                                                         .setStatus(status).addAllRepairs(repairs)
                                                                         .addAllErrors(errors);
        if (toolCall != null) {
            check.setToolCall(toolCall).setToolName("get_weather");
        }
        return check.build();
    }
}
