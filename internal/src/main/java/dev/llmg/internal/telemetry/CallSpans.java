package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.api.gateway.v1.SkippedTarget;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.call.Surface;
import dev.llmg.spi.Attempt;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The spans of one call: the routing decision, a CLIENT span per provider attempt with the GenAI semantic
 * conventions' attributes (made from the canonical request and answer, so the same on every provider), the
 * backoff waits between attempts, and, for a stream on a WebSocket (where one HTTP request carries many
 * calls), the call's own SERVER span. Over HTTP the server span is the Armeria instrumentation's; this adds
 * the call's id, front door and outcome to it.
 *
 * <p>Runs on the call's event loop like every observer; spans are ended here and exported by the SDK's batch
 * processor on its own thread.
 */
final class CallSpans implements CallObserver {

    private final Call call;
    private final Tracer tracer;
    private final ProviderNames providers;
    private final ContentCapture content;
    private final Span server;
    private final boolean ownServer;
    private final Context parent;
    private CallRequest request;
    private Span route;
    private Span attempt;
    private Attempt reported;
    private long attemptStartNanos;
    private Instant attemptStart;
    private Span answering;
    private long answeringStartNanos;

    CallSpans(Call call, Tracer tracer, ProviderNames providers, ContentCapture content) {
        this.call = requireNonNull(call, "call");
        this.tracer = requireNonNull(tracer, "tracer");
        this.providers = requireNonNull(providers, "providers");
        this.content = requireNonNull(content, "content");
        if (call.surface() == Surface.WEBSOCKET) {
            server = tracer.spanBuilder("WEBSOCKET /api/v1/ws").setSpanKind(SpanKind.SERVER)
                           .setParent(call.trace().server()).setStartTimestamp(call.startedAt()).startSpan();
            ownServer = true;
            call.trace().serverStarted(call.trace().server().with(server));
        } else {
            server = Span.fromContext(call.trace().server());
            ownServer = false;
        }
        parent = call.trace().server();
        if (server.isRecording()) {
            server.setAttribute(GenAi.REQUEST_ID, call.requestId());
            server.setAttribute(GenAi.FRONT_DOOR, call.surface().label());
            server.setAttribute(GenAi.CALLER, call.caller().id());
        }
    }

    @Override
    public void requested(CallRequest asked) {
        request = asked;
        if (server.isRecording()) {
            server.setAttribute(GenAi.OPERATION_NAME, asked.operation().label());
            server.setAttribute(GenAi.REQUEST_MODEL, asked.model());
        }
    }

    @Override
    public void routed(RoutingDecision plan) {
        // Named by the configured model or group, never by the caller's text: span names stay few.
        route = tracer.spanBuilder(plan.getModel().isEmpty() ? "route" : "route " + plan.getModel()).setParent(parent)
                      .setSpanKind(SpanKind.INTERNAL).startSpan();
        if (!route.isRecording()) {
            return;
        }
        route.setAttribute(GenAi.ROUTE_REQUESTED_MODEL, plan.getRequestedModel());
        route.setAttribute(GenAi.ROUTE_MODEL, plan.getModel());
        route.setAttribute(GenAi.ROUTE_STRATEGY, plan.getStrategy());
        if (!plan.getRule().isEmpty()) {
            route.setAttribute(GenAi.ROUTE_RULE, plan.getRule());
        }
        if (plan.getSkippedCount() > 0) {
            final List<String> skipped = new ArrayList<>(plan.getSkippedCount());
            for (SkippedTarget target : plan.getSkippedList()) {
                skipped.add(name(target.getTarget()) + ": " + target.getReason());
            }
            route.setAttribute(GenAi.ROUTE_SKIPPED, skipped);
        }
    }

    @Override
    public void attemptStarted(int number, RoutingTarget target, Attempt sent) {
        if (route != null) {
            route.setAttribute(GenAi.ROUTE_TARGET, name(target));
            route.end();
            route = null;
        }
        final String operation = operation();
        // Attributes are set once the span is known to record: an unsampled call builds none of them.
        attempt = tracer.spanBuilder(operation + " " + target.getModel()).setParent(parent)
                        .setSpanKind(SpanKind.CLIENT).startSpan();
        reported = sent;
        attemptStartNanos = System.nanoTime();
        attemptStart = Instant.now();
        if (attempt.isRecording()) {
            attempt.setAttribute(GenAi.OPERATION_NAME, operation);
            attempt.setAttribute(GenAi.PROVIDER_NAME, providers.genAiName(target.getProvider()));
            attempt.setAttribute(GenAi.REQUEST_MODEL, target.getModel());
            attempt.setAttribute(GenAi.PROVIDER, target.getProvider());
            attempt.setAttribute(GenAi.ATTEMPT_NUMBER, number);
            requestAttributes(attempt);
        }
        call.trace().attemptStarted(parent.with(attempt));
    }

    @Override
    public void attemptEnded(RoutingAttempt ended) {
        if (attempt == null) {
            return;
        }
        final Span span = attempt;
        attempt = null;
        final long backoff = Durations.toNanos(ended.getBackoff());
        if (backoff > 0 && span.isRecording()) {
            tracer.spanBuilder("backoff").setParent(parent).setSpanKind(SpanKind.INTERNAL)
                  .setStartTimestamp(attemptStart.minusNanos(backoff))
                  .setAttribute(GenAi.BACKOFF_SECONDS, backoff / 1e9)
                  .startSpan().end(attemptStart);
        }
        if (span.isRecording()) {
            span.setAttribute(GenAi.ATTEMPT_OUTCOME, outcomeName(ended.getOutcome()));
            if (ended.getProviderStatus() != 0) {
                span.setAttribute(GenAi.HTTP_RESPONSE_STATUS_CODE, ended.getProviderStatus());
            }
            if (!ended.getProviderRequestId().isEmpty()) {
                span.setAttribute(GenAi.PROVIDER_REQUEST_ID, ended.getProviderRequestId());
            }
            if (reported != null && !reported.serverAddress().isEmpty()) {
                span.setAttribute(GenAi.SERVER_ADDRESS, reported.serverAddress());
                span.setAttribute(GenAi.SERVER_PORT, reported.serverPort());
            }
        }
        if (ended.getOutcome() == AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED) {
            answering = span; // the answer (usage, finish reasons) is known when the call ends
            answeringStartNanos = attemptStartNanos;
            return;
        }
        final String errorType = ended.getOutcome() == AttemptOutcome.ATTEMPT_OUTCOME_CANCELLED
                                 ? "CANCELLED" : ended.getErrorKind();
        span.setAttribute(GenAi.ERROR_TYPE, errorType.isEmpty() ? "_OTHER" : errorType);
        if (!ended.getErrorReason().isEmpty()) {
            span.setAttribute(GenAi.ERROR_REASON, ended.getErrorReason());
        }
        span.setStatus(StatusCode.ERROR, errorType);
        span.end();
    }

    @Override
    public void firstPiece() {
        final Span span = answering != null ? answering : attempt;
        if (span != null && span.isRecording()) {
            final long start = answering != null ? answeringStartNanos : attemptStartNanos;
            span.setAttribute(GenAi.RESPONSE_TIME_TO_FIRST_CHUNK, (System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void ended(CallOutcome outcome) {
        if (route != null) {
            route.end();
            route = null;
        }
        if (attempt != null) { // given up without an attemptEnded (should not happen): close it all the same
            attempt.setStatus(StatusCode.ERROR, "ended with the call");
            attempt.end();
            attempt = null;
        }
        final GatewayMetadata gateway = outcome.gateway();
        if (answering != null) {
            if (answering.isRecording()) {
                answerAttributes(answering, outcome);
            }
            outcome.failure().ifPresent(failure -> {
                answering.setAttribute(GenAi.ERROR_TYPE, errorType(failure));
                answering.setStatus(StatusCode.ERROR, "the answer failed after it started");
            });
            answering.end();
            answering = null;
        }
        if (server.isRecording()) {
            final RoutingDecision routing = gateway.getRouting();
            server.setAttribute(GenAi.ROUTE_ATTEMPTS, routing.getAttemptsCount());
            server.setAttribute(GenAi.OVERHEAD_SECONDS, Durations.toNanos(gateway.getOverhead()) / 1e9);
            if (routing.getFallbacksCount() > 0) {
                server.setAttribute(GenAi.ROUTE_FALLBACKS, routing.getFallbacksList());
            }
            outcome.failure().ifPresent(failure -> server.setAttribute(GenAi.ERROR_TYPE, errorType(failure)));
        }
        if (ownServer) {
            outcome.failure().ifPresent(failure -> server.setStatus(StatusCode.ERROR, errorType(failure)));
            server.end();
        }
    }

    private String operation() {
        return request != null ? request.operation().label() : CallRequest.Operation.CHAT.label();
    }

    /** Adds the request's parameters, and its messages when the configuration opts in. */
    private void requestAttributes(Span span) {
        if (request == null) {
            return;
        }
        span.setAttribute(GenAi.REQUEST_STREAM, request.streamed());
        if (!(request.body() instanceof ChatRequest)) {
            return;
        }
        final ChatRequest chat = (ChatRequest) request.body();
        if (chat.hasMaxTokens()) {
            span.setAttribute(GenAi.REQUEST_MAX_TOKENS, chat.getMaxTokens());
        }
        if (chat.hasTemperature()) {
            span.setAttribute(GenAi.REQUEST_TEMPERATURE, chat.getTemperature());
        }
        if (chat.hasTopP()) {
            span.setAttribute(GenAi.REQUEST_TOP_P, chat.getTopP());
        }
        if (chat.hasFrequencyPenalty()) {
            span.setAttribute(GenAi.REQUEST_FREQUENCY_PENALTY, chat.getFrequencyPenalty());
        }
        if (chat.hasPresencePenalty()) {
            span.setAttribute(GenAi.REQUEST_PRESENCE_PENALTY, chat.getPresencePenalty());
        }
        if (chat.getStopCount() > 0) {
            span.setAttribute(GenAi.REQUEST_STOP_SEQUENCES, chat.getStopList());
        }
        if (chat.hasSeed()) {
            span.setAttribute(GenAi.REQUEST_SEED, chat.getSeed());
        }
        if (chat.hasN() && chat.getN() != 1) {
            span.setAttribute(GenAi.REQUEST_CHOICE_COUNT, chat.getN());
        }
        if (chat.hasResponseFormat()) {
            span.setAttribute(GenAi.OUTPUT_TYPE, outputType(chat));
        }
        content.input(chat).ifPresent(messages -> span.setAttribute(GenAi.INPUT_MESSAGES, messages));
    }

    /** Adds what the answer says: who answered, why it stopped, and what it cost in tokens. */
    private void answerAttributes(Span span, CallOutcome outcome) {
        final GatewayMetadata gateway = outcome.gateway();
        if (!gateway.getModel().isEmpty()) {
            span.setAttribute(GenAi.RESPONSE_MODEL, gateway.getModel());
        }
        outcome.answer().ifPresent(answer -> {
            if (answer instanceof CreateChatCompletionResponse) {
                final CreateChatCompletionResponse chat = (CreateChatCompletionResponse) answer;
                if (!chat.getId().isEmpty()) {
                    span.setAttribute(GenAi.RESPONSE_ID, chat.getId());
                }
                if (!chat.getModel().isEmpty()) {
                    span.setAttribute(GenAi.RESPONSE_MODEL, chat.getModel());
                }
                content.output(chat).ifPresent(messages -> span.setAttribute(GenAi.OUTPUT_MESSAGES, messages));
            }
        });
        if (outcome.finishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
            span.setAttribute(GenAi.RESPONSE_FINISH_REASONS, List.of(finishReason(outcome.finishReason())));
        }
        outcome.usage().ifPresent(usage -> usageAttributes(span, usage));
    }

    private static void usageAttributes(Span span, Usage usage) {
        span.setAttribute(GenAi.USAGE_INPUT_TOKENS, usage.getInputTokens());
        span.setAttribute(GenAi.USAGE_OUTPUT_TOKENS, usage.getOutputTokens());
        if (usage.getCachedInputTokens() > 0) {
            span.setAttribute(GenAi.USAGE_CACHE_READ_INPUT_TOKENS, usage.getCachedInputTokens());
        }
        if (usage.getCacheCreationInputTokens() > 0) {
            span.setAttribute(GenAi.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.getCacheCreationInputTokens());
        }
        if (usage.getReasoningTokens() > 0) {
            span.setAttribute(GenAi.USAGE_REASONING_OUTPUT_TOKENS, usage.getReasoningTokens());
        }
    }

    /** Returns the conventions' finish reason: the canonical name in lower case, e.g. {@code stop}. */
    static String finishReason(FinishReason reason) {
        return reason.name().substring("FINISH_REASON_".length()).toLowerCase(Locale.ROOT);
    }

    /** Returns the low-cardinality {@code error.type} of a call's failure: its gRPC status code's name. */
    static String errorType(Throwable failure) {
        return TelemetryStatus.of(failure);
    }

    private static String outputType(ChatRequest chat) {
        switch (chat.getResponseFormat().getType()) {
            case RESPONSE_FORMAT_TYPE_JSON_OBJECT:
            case RESPONSE_FORMAT_TYPE_JSON_SCHEMA:
                return "json";
            default:
                return "text";
        }
    }

    private static String outcomeName(AttemptOutcome outcome) {
        return outcome.name().substring("ATTEMPT_OUTCOME_".length()).toLowerCase(Locale.ROOT);
    }

    private static String name(RoutingTarget target) {
        return target.getProvider() + "/" + target.getModel();
    }
}
