package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.Inference;
import dev.llmg.api.gateway.v1.InferenceAttempt;
import dev.llmg.internal.tracking.AttemptRecord;
import dev.llmg.internal.tracking.InferenceRecord;
import dev.llmg.internal.tracking.UsageRow;

class InferenceMessagesTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:15:30.123456789Z");

    @Test
    void everyFieldOfAFullRecordReachesTheMessage() {
        final Inference inference = InferenceMessages.inference(full());

        assertThat(inference.getId()).isEqualTo("req-1");
        assertThat(inference.getStartTime().getSeconds()).isEqualTo(STARTED.getEpochSecond());
        assertThat(inference.getStartTime().getNanos()).isEqualTo(123_456_789);
        assertThat(inference.getCaller()).isEqualTo("team-a");
        assertThat(inference.getSurface()).isEqualTo("openai");
        assertThat(inference.getOperation()).isEqualTo("chat");
        assertThat(inference.getRequestedModel()).isEqualTo("chat");
        assertThat(inference.getRule()).isEqualTo("cheap-first");
        assertThat(inference.getGroup()).isEqualTo("chat-cheap");
        assertThat(inference.getProvider()).isEqualTo("openai-east");
        assertThat(inference.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(inference.getStreamed()).isTrue();
        assertThat(inference.getStatus()).isEqualTo("OK");
        assertThat(inference.getErrorKind()).isEqualTo("unavailable");
        assertThat(inference.getErrorMessage()).isEqualTo("provider 'x' failed");
        assertThat(Durations.toMicros(inference.getLatency())).isEqualTo(1_500_000);
        assertThat(Durations.toMicros(inference.getTimeToFirstPiece())).isEqualTo(250_000);
        assertThat(Durations.toMicros(inference.getOverhead())).isEqualTo(1_234);
        assertThat(inference.getUsage().getInputTokens()).isEqualTo(100);
        assertThat(inference.getUsage().getOutputTokens()).isEqualTo(40);
        assertThat(inference.getUsage().getTotalTokens()).isEqualTo(140);
        assertThat(inference.getUsage().getCachedInputTokens()).isEqualTo(64);
        assertThat(inference.getUsage().getReasoningTokens()).isEqualTo(12);
        assertThat(inference.getUsage().getEstimated()).isTrue();
        assertThat(inference.hasCostUsd()).isTrue();
        assertThat(inference.getCostUsd()).isEqualTo(0.000123);
        assertThat(inference.getFinishReason()).isEqualTo("stop");
        assertThat(inference.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(inference.getConversationId()).isEqualTo("conv-9");
        assertThat(inference.getInstructionName()).isEqualTo("summarize");
        assertThat(inference.getInstructionVersion()).isEqualTo(3);
        assertThat(inference.getRequestBody()).isEqualTo("{\"model\":\"chat\"}");
        assertThat(inference.getResponseBody()).isEqualTo("{\"choices\":[]}");
        assertThat(inference.getStructuredStatus()).isEqualTo("repaired");
        assertThat(inference.getStructuredPolicy()).isEqualTo("retry");
        assertThat(inference.getStructuredRepairsList()).containsExactly("code_fence", "trailing_comma");
        assertThat(inference.getStructuredCorrections()).isEqualTo(1);
        assertThat(inference.getAttemptsCount()).isEqualTo(3);

        final InferenceAttempt failed = inference.getAttempts(0);
        assertThat(failed.getNumber()).isEqualTo(1);
        assertThat(failed.getTarget().getProvider()).isEqualTo("openai-west");
        assertThat(failed.getTarget().getModel()).isEqualTo("gpt-4o-mini");
        assertThat(failed.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED);
        assertThat(failed.getErrorKind()).isEqualTo("rate_limited");
        assertThat(failed.getErrorReason()).isEqualTo("rate_limit_exceeded");
        assertThat(Durations.toMicros(failed.getLatency())).isEqualTo(80_000);
        assertThat(Durations.toMicros(failed.getBackoff())).isZero();
        assertThat(failed.getProviderStatus()).isEqualTo(429);
        assertThat(failed.getProviderRequestId()).isEqualTo("req_abc");
        assertThat(failed.getStructuredStatus()).isEmpty();
        assertThat(failed.getStructuredErrorsList()).isEmpty();
        final InferenceAttempt rejected = inference.getAttempts(1);
        assertThat(rejected.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED);
        assertThat(rejected.getStructuredStatus()).isEqualTo("invalid");
        assertThat(rejected.getStructuredErrorsList()).containsExactly("$.age: expected integer", "$: required 'name'");
        final InferenceAttempt succeeded = inference.getAttempts(2);
        assertThat(succeeded.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
        assertThat(Durations.toMicros(succeeded.getBackoff())).isEqualTo(100_000);
        assertThat(succeeded.getErrorKind()).isEmpty();
        assertThat(succeeded.getProviderRequestId()).isEmpty();
        assertThat(succeeded.getStructuredStatus()).isEqualTo("repaired");
    }

    @Test
    void whatTheRecordDoesNotKnowStaysUnset() {
        final InferenceRecord refused = new InferenceRecord(
                "req-2", STARTED, null, "anonymous", "grpc", "chat", "nope", null, null, null, null, false,
                "INVALID_ARGUMENT", "invalid_argument", "unknown model", 900, null, 900, null, null, null, null,
                false, null, null, null, null, null, null, null, null, List.of(), null, List.of());

        final Inference inference = InferenceMessages.inference(refused);

        assertThat(inference.hasUsage()).as("no tokens known").isFalse();
        assertThat(inference.hasCostUsd()).as("unknown cost is not 0").isFalse();
        assertThat(inference.hasTimeToFirstPiece()).isFalse();
        assertThat(inference.getProvider()).isEmpty();
        assertThat(inference.getRule()).isEmpty();
        assertThat(inference.getFinishReason()).isEmpty();
        assertThat(inference.getRequestBody()).isEmpty();
        assertThat(inference.getAttemptsList()).isEmpty();
        assertThat(inference.getStructuredStatus()).isEmpty();
        assertThat(inference.getStructuredPolicy()).isEmpty();
        assertThat(inference.getStructuredRepairsList()).isEmpty();
        assertThat(inference.getStructuredCorrections()).isZero();
    }

    @Test
    void aFreeCallCostsZeroNotUnknown() {
        final InferenceRecord record = full();
        final InferenceRecord free = new InferenceRecord(
                record.id(), record.startedAt(), null, record.caller(), record.surface(), record.operation(),
                record.requestedModel(), null, null, "simulator", "sim-echo", false, "OK", null, null, 10, null, 10,
                3, 2, null, null, false, BigDecimal.ZERO, "stop", null, null, null, null, null, null, List.of(), null,
                List.of());

        final Inference inference = InferenceMessages.inference(free);

        assertThat(inference.hasCostUsd()).isTrue();
        assertThat(inference.getCostUsd()).isZero();
        assertThat(inference.getUsage().getCachedInputTokens()).as("unknown parts of known usage read 0").isZero();
    }

    @Test
    void anAttemptOutcomeOfALaterWriterIsUnspecified() {
        final AttemptRecord attempt = new AttemptRecord(1, "p", "m", "hedged", null, null, 1, 0, 0, null, null,
                                                          List.of());

        assertThat(InferenceMessages.attempt(attempt).getOutcome())
                .isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_UNSPECIFIED);
        assertThat(InferenceMessages.attempt(new AttemptRecord(1, "p", "m", "cancelled", null, null, 1, 0, 0, null,
                                                                              null, List.of()))
                                    .getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_CANCELLED);
    }

    @Test
    void everyFieldOfAUsageRowReachesTheMessage() {
        final UsageRow row = new UsageRow(Instant.parse("2026-12-01T00:00:00Z"), "gpt-4o-mini", 10, 2, 1000, 400, 100,
                                          50, new BigDecimal("1.25"), 120.5, 480.25, 900.0);

        final dev.llmg.api.gateway.v1.UsageRow proto = InferenceMessages.usageRow(row);

        assertThat(proto.getBucketStart().getSeconds()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z").getEpochSecond());
        assertThat(proto.getKey()).isEqualTo("gpt-4o-mini");
        assertThat(proto.getRequests()).isEqualTo(10);
        assertThat(proto.getErrors()).isEqualTo(2);
        assertThat(proto.getInputTokens()).isEqualTo(1000);
        assertThat(proto.getOutputTokens()).isEqualTo(400);
        assertThat(proto.getCachedInputTokens()).isEqualTo(100);
        assertThat(proto.getReasoningTokens()).isEqualTo(50);
        assertThat(proto.getCostUsd()).isEqualTo(1.25);
        assertThat(Durations.toMicros(proto.getLatencyP50())).isEqualTo(120_500);
        assertThat(Durations.toMicros(proto.getLatencyP95())).isEqualTo(480_250);
        assertThat(Durations.toMillis(proto.getLatencyP99())).isEqualTo(900);

        final dev.llmg.api.gateway.v1.UsageRow whole = InferenceMessages.usageRow(
                new UsageRow(null, null, 0, 0, 0, 0, 0, 0, null, Double.NaN, Double.NaN, Double.NaN));
        assertThat(whole.hasBucketStart()).isFalse();
        assertThat(whole.getKey()).isEmpty();
        assertThat(whole.getCostUsd()).isZero();
        assertThat(Durations.toNanos(whole.getLatencyP50())).isZero();
        assertThat(whole.hasFirstPieceP50()).as("no first piece: unset, not zero").isFalse();
        assertThat(whole.hasOverheadP50()).isFalse();
    }

    @Test
    void firstPieceOverheadRetriesAndFallbacksReachTheMessage() {
        final UsageRow row = new UsageRow(null, null, 4, 0, 0, 0, 0, 0, null, 10, 20, 30,
                                          new UsageRow.Percentiles(1.5, 2.5, 3.5),
                                          new UsageRow.Percentiles(0.25, 0.5, 0.75), 3, 5, 2);

        final dev.llmg.api.gateway.v1.UsageRow proto = InferenceMessages.usageRow(row);

        assertThat(Durations.toMicros(proto.getFirstPieceP50())).isEqualTo(1_500);
        assertThat(Durations.toMicros(proto.getFirstPieceP95())).isEqualTo(2_500);
        assertThat(Durations.toMicros(proto.getFirstPieceP99())).isEqualTo(3_500);
        assertThat(Durations.toMicros(proto.getOverheadP50())).isEqualTo(250);
        assertThat(Durations.toMicros(proto.getOverheadP95())).isEqualTo(500);
        assertThat(Durations.toMicros(proto.getOverheadP99())).isEqualTo(750);
        assertThat(proto.getStreamed()).isEqualTo(3);
        assertThat(proto.getRetries()).isEqualTo(5);
        assertThat(proto.getFallbacks()).isEqualTo(2);
    }

    private static InferenceRecord full() {
        return new InferenceRecord(
                "req-1", STARTED, "tenant-x", "team-a", "openai", "chat", "chat", "cheap-first", "chat-cheap",
                "openai-east", "gpt-4o-mini", true, "OK", "unavailable", "provider 'x' failed", 1_500_000, 250_000L,
                1_234, 100, 40, 64, 12, true, new BigDecimal("0.000123"), "stop", "4bf92f3577b34da6a3ce929d0e0e4736",
                "conv-9", "summarize", 3, "{\"model\":\"chat\"}", "{\"choices\":[]}", "repaired", "retry",
                List.of("code_fence", "trailing_comma"), 1,
                List.of(new AttemptRecord(1, "openai-west", "gpt-4o-mini", "failed", "rate_limited",
                                          "rate_limit_exceeded", 80_000, 0, 429, "req_abc", null, List.of()),
                        new AttemptRecord(2, "openai-east", "gpt-4o-mini", "rejected", "unavailable",
                                          "structured_output_invalid", 300_000, 0, 200, "req_def", "invalid",
                                          List.of("$.age: expected integer", "$: required 'name'")),
                        new AttemptRecord(3, "openai-east", "gpt-4o-mini", "succeeded", null, null, 1_200_000,
                                          100_000, 200, null, "repaired", List.of())));
    }
}
