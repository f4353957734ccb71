package dev.llmg.internal.api;

import java.time.Instant;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.Inference;
import dev.llmg.api.gateway.v1.InferenceAttempt;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.tracking.AttemptRecord;
import dev.llmg.internal.tracking.InferenceRecord;
import dev.llmg.internal.tracking.UsageRow;

/**
 * Turns tracking's records into the messages of {@code gatewayapi.v1.InferencesService}. A part the record
 * does not know (null) is left unset, or empty for strings, which proto3 cannot tell apart from unset.
 */
final class InferenceMessages {

    private InferenceMessages() {}

    /** Returns the message of one recorded call, with the attempts and bodies the record holds. */
    static Inference inference(InferenceRecord record) {
        final Inference.Builder proto =
                Inference.newBuilder().setId(record.id()).setStartTime(timestamp(record.startedAt()))
                         .setCaller(record.caller()).setSurface(record.surface()).setOperation(record.operation())
                         .setRequestedModel(record.requestedModel()).setRule(text(record.rule()))
                         .setGroup(text(record.group())).setProvider(text(record.provider()))
                         .setModel(text(record.model())).setStreamed(record.streamed()).setStatus(record.status())
                         .setErrorKind(text(record.errorKind())).setErrorMessage(text(record.errorMessage()))
                         .setLatency(Durations.fromMicros(record.latencyMicros()))
                         .setOverhead(Durations.fromMicros(record.overheadMicros()))
                         .setFinishReason(text(record.finishReason())).setTraceId(text(record.traceId()))
                         .setConversationId(text(record.conversationId()))
                         .setInstructionName(text(record.instructionName()))
                         .setInstructionVersion(orZero(record.instructionVersion()))
                         .setRequestBody(text(record.requestBody())).setResponseBody(text(record.responseBody()))
                         .setStructuredStatus(text(record.structuredStatus()))
                         .setStructuredPolicy(text(record.structuredPolicy()))
                         .addAllStructuredRepairs(record.structuredRepairs())
                         .setStructuredCorrections(orZero(record.structuredCorrections()));
        if (record.firstPieceMicros() != null) {
            proto.setTimeToFirstPiece(Durations.fromMicros(record.firstPieceMicros()));
        }
        if (hasUsage(record)) {
            proto.setUsage(usage(record));
        }
        if (record.costUsd() != null) {
            proto.setCostUsd(record.costUsd().doubleValue());
        }
        record.attempts().forEach(attempt -> proto.addAttempts(attempt(attempt)));
        return proto.build();
    }

    /** Returns the message of one recorded attempt. */
    static InferenceAttempt attempt(AttemptRecord record) {
        return InferenceAttempt.newBuilder().setNumber(record.number())
                               .setTarget(RoutingTarget.newBuilder().setProvider(record.provider())
                                                       .setModel(record.model()))
                               .setOutcome(outcome(record.outcome())).setErrorKind(text(record.errorKind()))
                               .setErrorReason(text(record.errorReason()))
                               .setLatency(Durations.fromMicros(record.latencyMicros()))
                               .setBackoff(Durations.fromMicros(record.backoffMicros()))
                               .setProviderStatus(record.providerStatus())
                               .setProviderRequestId(text(record.providerRequestId()))
                               .setStructuredStatus(text(record.structuredStatus()))
                               .addAllStructuredErrors(record.structuredErrors()).build();
    }

    /** Returns the message of one usage row. */
    static dev.llmg.api.gateway.v1.UsageRow usageRow(UsageRow row) {
        final dev.llmg.api.gateway.v1.UsageRow.Builder proto =
                dev.llmg.api.gateway.v1.UsageRow.newBuilder().setKey(text(row.key())).setRequests(row.requests())
                                                .setErrors(row.errors()).setInputTokens(row.inputTokens())
                                                .setOutputTokens(row.outputTokens())
                                                .setCachedInputTokens(row.cachedInputTokens())
                                                .setReasoningTokens(row.reasoningTokens())
                                                .setCostUsd(row.costUsd() == null ? 0 : row.costUsd().doubleValue())
                                                .setLatencyP50(millis(row.latencyP50Millis()))
                                                .setLatencyP95(millis(row.latencyP95Millis()))
                                                .setLatencyP99(millis(row.latencyP99Millis()))
                                                .setStreamed(row.streamed()).setRetries(row.retries())
                                                .setFallbacks(row.fallbacks());
        if (row.firstPiece().known()) {
            proto.setFirstPieceP50(millis(row.firstPiece().p50Millis()))
                 .setFirstPieceP95(millis(row.firstPiece().p95Millis()))
                 .setFirstPieceP99(millis(row.firstPiece().p99Millis()));
        }
        if (row.overhead().known()) {
            proto.setOverheadP50(millis(row.overhead().p50Millis()))
                 .setOverheadP95(millis(row.overhead().p95Millis()))
                 .setOverheadP99(millis(row.overhead().p99Millis()));
        }
        if (row.bucketStart() != null) {
            proto.setBucketStart(timestamp(row.bucketStart()));
        }
        return proto.build();
    }

    /** Returns the protobuf timestamp of an instant. */
    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static boolean hasUsage(InferenceRecord record) {
        return record.inputTokens() != null || record.outputTokens() != null || record.cachedInputTokens() != null
               || record.reasoningTokens() != null;
    }

    private static Usage usage(InferenceRecord record) {
        final int input = orZero(record.inputTokens());
        final int output = orZero(record.outputTokens());
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).setTotalTokens(input + output)
                    .setCachedInputTokens(orZero(record.cachedInputTokens()))
                    .setReasoningTokens(orZero(record.reasoningTokens()))
                    .setEstimated(record.tokensEstimated()).build();
    }

    private static AttemptOutcome outcome(String outcome) {
        switch (outcome) {
            case "succeeded": return AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED;
            case "failed": return AttemptOutcome.ATTEMPT_OUTCOME_FAILED;
            case "cancelled": return AttemptOutcome.ATTEMPT_OUTCOME_CANCELLED;
            case "rejected": return AttemptOutcome.ATTEMPT_OUTCOME_REJECTED;
            default: return AttemptOutcome.ATTEMPT_OUTCOME_UNSPECIFIED; // a word a later writer added
        }
    }

    private static com.google.protobuf.Duration millis(double millis) {
        return Durations.fromNanos(Double.isNaN(millis) ? 0 : Math.round(millis * 1_000_000));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
