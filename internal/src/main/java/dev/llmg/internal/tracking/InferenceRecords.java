package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import com.google.protobuf.Duration;
import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.StructuredOutputCheck;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.routing.PriceTable;
import dev.llmg.internal.routing.Target;
import io.grpc.Status;

/**
 * Turns an ended call into its inference record, on the writer's thread: the status the caller got (by the
 * one error mapping every front door uses), its routing and attempts, tokens, cost, how its structured answer
 * was checked and, when asked, bodies.
 */
final class InferenceRecords {

    private final PriceTable prices;
    private final BodyCapture bodies;

    @Inject
    InferenceRecords(PriceTable prices, TrackingSettings settings) {
        this.prices = requireNonNull(prices, "prices");
        this.bodies = new BodyCapture(settings.captureBodies(), settings.bodyLimit());
    }

    /** Returns the record of {@code ended}. */
    InferenceRecord of(EndedCall ended) {
        final Call call = ended.call();
        final GatewayMetadata gateway = ended.outcome().gateway();
        final RoutingDecision routing = gateway.getRouting();
        final Optional<CallRequest> request = ended.request();
        final List<AttemptRecord> attempts = attempts(routing);
        final AttemptRecord last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
        final String provider = !gateway.getProvider().isEmpty() ? gateway.getProvider()
                                                                 : last != null ? last.provider() : null;
        final String model = !gateway.getModel().isEmpty() ? gateway.getModel() : last != null ? last.model() : null;
        final String group = emptyToNull(routing.getModel());
        final Optional<Usage> usage = ended.outcome().usage();
        final Optional<Throwable> failure = ended.outcome().failure();
        final com.google.rpc.Status status = failure.map(cause -> statusOf(call, cause))
                                                    .orElse(com.google.rpc.Status.getDefaultInstance());
        final Status.Code code = Status.fromCodeValue(status.getCode()).getCode();
        final BigDecimal cost = usage.isPresent() && provider != null && model != null && group != null
                                ? prices.cost(group, new Target(provider, model), usage.get()).orElse(null) : null;
        final long startNanos = call.clock().startNanos();
        final Optional<StructuredOutputResult> structured = structured(gateway);
        return new InferenceRecord(
                call.requestId(), call.startedAt(), call.caller().tenant(), call.caller().id(), call.surface().label(),
                request.map(asked -> asked.operation().label()).orElse(CallRequest.Operation.CHAT.label()),
                request.map(CallRequest::model).orElse(routing.getRequestedModel()),
                emptyToNull(routing.getRule()), group, provider, model,
                request.map(CallRequest::streamed).orElse(false),
                code.name(), failure.isPresent() ? errorKind(status, code) : null,
                failure.isPresent() ? emptyToNull(status.getMessage()) : null,
                micros(ended.endNanos() - startNanos),
                ended.firstPieceNanos() == 0 ? null : micros(ended.firstPieceNanos() - startNanos),
                micros(gateway.getOverhead()),
                usage.map(Usage::getInputTokens).orElse(null), usage.map(Usage::getOutputTokens).orElse(null),
                usage.map(Usage::getCachedInputTokens).orElse(null), usage.map(Usage::getReasoningTokens).orElse(null),
                usage.map(Usage::getEstimated).orElse(false), cost, finishReason(ended.outcome().finishReason()),
                call.trace().traceId(), request.map(InferenceRecords::conversationId).orElse(null),
                gateway.hasInstruction() ? gateway.getInstruction().getName() : null,
                gateway.hasInstruction() ? gateway.getInstruction().getVersion() : null,
                request.map(asked -> bodies.of(asked.body())).orElse(null),
                ended.outcome().answer().map(bodies::of).orElse(null),
                structured.map(result -> status(result.getStatus())).orElse(null),
                structured.map(result -> policy(result.getPolicy())).orElse(null),
                structured.map(InferenceRecords::repairs).orElse(List.of()),
                structured.map(StructuredOutputResult::getCorrections).orElse(null),
                attempts, routing.getFallbacksCount() > 0);
    }

    /** Returns the conversation a chat request named, or null. */
    private static String conversationId(CallRequest request) {
        return request.body() instanceof ChatRequest chat ? emptyToNull(chat.getConversationId()) : null;
    }

    /** Returns the record of {@code ended} with only what cannot fail: who, when, where, and how long. */
    static InferenceRecord bare(EndedCall ended) {
        final Call call = ended.call();
        return new InferenceRecord(call.requestId(), call.startedAt(), call.caller().tenant(), call.caller().id(),
                                   call.surface().label(), CallRequest.Operation.CHAT.label(), "", null, null, null,
                                   null, false, ended.outcome().failure().isPresent() ? "UNKNOWN" : "OK",
                                   null, null, micros(ended.endNanos() - call.clock().startNanos()), null, 0,
                                   null, null, null, null, false, null, null, null, null, null, null, null, null,
                                   List.of(), null, List.of());
    }

    /** Returns the status the caller got for {@code failure}: the mapping every front door uses. */
    private static com.google.rpc.Status statusOf(Call call, Throwable failure) {
        final Throwable cause = ErrorStatus.unwrap(failure);
        return ErrorStatus.of(cause).orElseGet(() -> {
            // A stream the caller cancelled ends with the stream's own exception, not a domain one.
            final boolean cancelled = call.isCancelled() || ErrorStatus.isCancellation(cause);
            return cancelled ? ErrorStatus.of(Status.Code.CANCELLED, "cancelled", "the caller went away")
                             : ErrorStatus.of(Status.Code.INTERNAL, "internal", "internal error");
        });
    }

    /** Returns the error's reason from its detail (e.g. {@code model_not_found}), else the code's name. */
    private static String errorKind(com.google.rpc.Status status, Status.Code code) {
        return ErrorStatus.detail(status).map(ErrorDetail::getReason).filter(reason -> !reason.isEmpty())
                          .orElse(code.name().toLowerCase(Locale.ROOT));
    }

    private static List<AttemptRecord> attempts(RoutingDecision routing) {
        final List<AttemptRecord> attempts = new ArrayList<>(routing.getAttemptsCount());
        for (RoutingAttempt attempt : routing.getAttemptsList()) {
            attempts.add(new AttemptRecord(attempts.size() + 1, attempt.getTarget().getProvider(),
                                           attempt.getTarget().getModel(), outcome(attempt.getOutcome()),
                                           emptyToNull(attempt.getErrorKind()), emptyToNull(attempt.getErrorReason()),
                                           micros(attempt.getLatency()), micros(attempt.getBackoff()),
                                           attempt.getProviderStatus(), emptyToNull(attempt.getProviderRequestId()),
                                           attempt.hasStructuredOutput()
                                           ? status(attempt.getStructuredOutput().getStatus()) : null,
                                           errors(attempt.getStructuredOutput())));
        }
        return attempts;
    }

    /**
     * Returns how the call's structured answer was checked: the answer's own result, else (a failed call, whose
     * metadata has none) the last attempt's that was checked, e.g. the last answer a strict policy rejected.
     */
    private static Optional<StructuredOutputResult> structured(GatewayMetadata gateway) {
        if (gateway.hasStructuredOutput()) {
            return Optional.of(gateway.getStructuredOutput());
        }
        final List<RoutingAttempt> attempts = gateway.getRouting().getAttemptsList();
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).hasStructuredOutput()) {
                return Optional.of(attempts.get(i).getStructuredOutput());
            }
        }
        return Optional.empty();
    }

    /** Returns the repairs of every check of {@code result}, each once, in the order first made. */
    private static List<String> repairs(StructuredOutputResult result) {
        final Set<String> repairs = new LinkedHashSet<>();
        for (StructuredOutputCheck check : result.getChecksList()) {
            check.getRepairsList().forEach(repair -> repairs.add(repair.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(repairs);
    }

    /**
     * Returns the validator's messages of every check of {@code result}, one line each, saying which value a
     * message is about when the answer has more than its first choice's content.
     */
    private static List<String> errors(StructuredOutputResult result) {
        final List<String> errors = new ArrayList<>();
        for (StructuredOutputCheck check : result.getChecksList()) {
            final String where = check.hasToolCall()
                                 ? "choice " + check.getChoice() + " tool call " + check.getToolCall()
                                   + (check.getToolName().isEmpty() ? "" : " (" + check.getToolName() + ')') + ": "
                                 : check.getChoice() > 0 ? "choice " + check.getChoice() + ": " : "";
            for (String error : check.getErrorsList()) {
                // One line per message: the column keeps them joined by line breaks.
                errors.add(where + error.replaceAll("[\\r\\n]+", " "));
            }
        }
        return errors;
    }

    private static String status(StructuredOutputStatus status) {
        switch (status) {
            case STRUCTURED_OUTPUT_STATUS_VALID: return "valid";
            case STRUCTURED_OUTPUT_STATUS_REPAIRED: return "repaired";
            case STRUCTURED_OUTPUT_STATUS_INVALID: return "invalid";
            default: return null;
        }
    }

    private static String policy(StructuredOutputPolicy policy) {
        switch (policy) {
            case STRUCTURED_OUTPUT_POLICY_VALIDATE: return "validate";
            case STRUCTURED_OUTPUT_POLICY_REPAIR: return "repair";
            case STRUCTURED_OUTPUT_POLICY_RETRY: return "retry";
            case STRUCTURED_OUTPUT_POLICY_STRICT: return "strict";
            default: return null;
        }
    }

    private static String outcome(AttemptOutcome outcome) {
        switch (outcome) {
            case ATTEMPT_OUTCOME_SUCCEEDED: return "succeeded";
            case ATTEMPT_OUTCOME_CANCELLED: return "cancelled";
            case ATTEMPT_OUTCOME_FAILED: return "failed";
            case ATTEMPT_OUTCOME_REJECTED: return "rejected";
            default: return "unknown";
        }
    }

    private static String finishReason(FinishReason reason) {
        if (reason == FinishReason.FINISH_REASON_UNSPECIFIED || reason == FinishReason.UNRECOGNIZED) {
            return null;
        }
        return reason.name().substring("FINISH_REASON_".length()).toLowerCase(Locale.ROOT);
    }

    private static long micros(long nanos) {
        return Math.max(0, nanos / 1000);
    }

    private static long micros(Duration duration) {
        return Durations.toMicros(duration);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
