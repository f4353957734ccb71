package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.routing.PriceTable;
import dev.llmg.internal.routing.Target;
import io.opentelemetry.api.common.Attributes;

/**
 * Records one call in the gateway's metrics when it ends: one request, its duration, tokens, cost, retries
 * and fallbacks, and the gateway's overhead; while a stream runs, the time to its first chunk and between
 * later chunks.
 *
 * <p>The GenAI metrics are per call, as callers see them: {@code gen_ai.request.model} is the model or group the
 * call was routed to, {@code gen_ai.response.model} and {@code gen_ai.provider.name} the ones that answered.
 * Per-attempt detail is in the spans.
 */
final class CallMetrics implements CallObserver {

    private final Call call;
    private final GatewayMetrics metrics;
    private final ProviderNames providers;
    private final PriceTable prices;
    private final MetricLabels labels;
    private CallRequest request;
    private RoutingAttempt answering;
    private Attributes streamAttributes;
    private long lastPieceNanos;

    CallMetrics(Call call, GatewayMetrics metrics, ProviderNames providers, PriceTable prices) {
        this.call = requireNonNull(call, "call");
        this.metrics = requireNonNull(metrics, "metrics");
        this.providers = requireNonNull(providers, "providers");
        this.prices = requireNonNull(prices, "prices");
        labels = metrics.labels;
    }

    @Override
    public void requested(CallRequest asked) {
        request = asked;
    }

    @Override
    public void attemptEnded(RoutingAttempt attempt) {
        if (attempt.getOutcome() == AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED) {
            answering = attempt;
        }
    }

    @Override
    public void firstPiece() {
        lastPieceNanos = System.nanoTime();
        streamAttributes = labels(answering, TelemetryStatus.OK).answered();
        metrics.timeToFirstChunk.record((lastPieceNanos - call.clock().startNanos()) / 1e9, streamAttributes);
    }

    @Override
    public void nextPiece() {
        final long now = System.nanoTime();
        if (streamAttributes != null) {
            metrics.timePerOutputChunk.record((now - lastPieceNanos) / 1e9, streamAttributes);
        }
        lastPieceNanos = now;
    }

    @Override
    public void ended(CallOutcome outcome) {
        final GatewayMetadata gateway = outcome.gateway();
        final RoutingDecision routing = gateway.getRouting();
        final RoutingAttempt last = answering != null ? answering
                                    : routing.getAttemptsCount() == 0 ? null
                                    : routing.getAttempts(routing.getAttemptsCount() - 1);
        final String status = outcome.failure().map(TelemetryStatus::of).orElse(TelemetryStatus.OK);
        final MetricLabels.Labels labels = labels(last, status);
        metrics.operationDuration.record((System.nanoTime() - call.clock().startNanos()) / 1e9, labels.call());
        metrics.requests.add(1, labels.request());
        metrics.overhead.record(Durations.toNanos(gateway.getOverhead()) / 1e9, labels.frontDoor());
        final int fallbacks = routing.getFallbacksCount();
        if (fallbacks > 0) {
            metrics.fallbacks.add(fallbacks, labels.model());
        }
        final int retries = routing.getAttemptsCount() - 1 - fallbacks;
        if (retries > 0) {
            metrics.retries.add(retries, labels.model());
        }
        outcome.usage().ifPresent(usage -> {
            metrics.tokenUsage.record(usage.getInputTokens(), labels.inputTokens());
            metrics.tokenUsage.record(usage.getOutputTokens(), labels.outputTokens());
            cost(gateway, usage).ifPresent(dollars -> metrics.cost.add(dollars, labels.answered()));
        });
    }

    private Optional<Double> cost(GatewayMetadata gateway, Usage usage) {
        final String group = gateway.getRouting().getModel();
        if (group.isEmpty() || gateway.getProvider().isEmpty()) {
            return Optional.empty();
        }
        return prices.cost(group, new Target(gateway.getProvider(), gateway.getModel()), usage)
                     .map(BigDecimal::doubleValue);
    }

    /** Returns the label sets of the call: what it asked for, who answered (or was tried last), and how it ended. */
    private MetricLabels.Labels labels(RoutingAttempt attempt, String status) {
        final String operation = request != null ? request.operation().label() : CallRequest.Operation.CHAT.label();
        final String provider = attempt != null ? attempt.getTarget().getProvider() : null;
        return labels.of(new MetricLabels.Key(operation, requestedModel(call.routing()),
                                              provider != null ? providers.genAiName(provider) : null, provider,
                                              attempt != null ? attempt.getTarget().getModel() : null, status,
                                              call.surface().label()));
    }

    /**
     * Returns the model label: the model or group the call was routed to, always a configured name, never the
     * caller's text (a caller must not be able to mint label values); {@code _OTHER} when it was not routed.
     */
    private static String requestedModel(RoutingDecision routing) {
        return routing.getModel().isEmpty() ? "_OTHER" : routing.getModel();
    }
}
