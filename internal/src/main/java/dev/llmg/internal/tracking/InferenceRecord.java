package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One call, as the {@code inferences} table keeps it, with its attempts. Nullable parts are null when
 * unknown (a call refused before routing has no provider; a provider that reported no usage has no tokens).
 *
 * @param id the call's request id ({@code x-request-id}, {@code gateway.request_id})
 * @param startedAt when the call arrived
 * @param tenant the tenant of the caller's endpoint; null for an admin or a keyless caller
 * @param caller the caller's identity as {@link dev.llmg.internal.call.Caller#id()} gives it
 * @param surface the front door, e.g. {@code grpc}, {@code openai}
 * @param operation {@code chat} or {@code embeddings}
 * @param requestedModel the model (or group) the caller asked for
 * @param rule the routing rule that chose the group; null when none matched
 * @param group the model or group routing served the call from
 * @param provider the configured provider that answered (or last failed); null when no attempt was made
 * @param model the provider's name of the model that answered (or last failed)
 * @param streamed whether the caller asked for a stream
 * @param status the gRPC status code name the caller got: {@code OK}, {@code UNAVAILABLE}, {@code CANCELLED}...
 * @param errorKind why the call failed, in few words (e.g. {@code invalid_argument}, {@code unavailable}); null when OK
 * @param errorMessage what the caller was told, bounded and scrubbed; null when OK
 * @param latencyMicros from arrival to the end of the answer, in microseconds
 * @param firstPieceMicros from arrival to the first streamed piece, in microseconds; null when not streamed or none came
 * @param overheadMicros the gateway's own time (everything but waiting on providers and backoffs), in microseconds
 * @param inputTokens prompt tokens, including cached ones; null when unknown
 * @param outputTokens generated tokens, including reasoning ones; null when unknown
 * @param cachedInputTokens prompt tokens read from the provider's cache; null when unknown
 * @param reasoningTokens generated tokens spent on hidden reasoning; null when unknown
 * @param tokensEstimated whether llmg estimated the tokens because the provider did not say
 * @param costUsd what the call cost in US dollars from the price table; null when the prices are unknown
 * @param finishReason why the model stopped, e.g. {@code stop}, {@code length}; null when it did not answer
 * @param traceId the OpenTelemetry trace id of the call; null when it had none
 * @param conversationId the conversation the call belongs to, once conversations land; null until then
 * @param instructionName the instruction the request was rendered from; null when none
 * @param instructionVersion the version of that instruction rendered; null when none
 * @param requestBody the request as JSON, redacted and capped, when {@code tracking.capture_bodies} asks; else null
 * @param responseBody the answer as JSON, redacted and capped, when {@code tracking.capture_bodies} asks; else null
 * @param structuredStatus how the structured answer (JSON asked for, or tool calls) was found: {@code valid},
 *     {@code repaired} or {@code invalid}; for a failed call, its last checked attempt's; null when the call
 *     asked for no JSON and had no tool calls
 * @param structuredPolicy the structured output policy applied: {@code validate}, {@code repair}, {@code retry}
 *     or {@code strict}; null as {@code structuredStatus}
 * @param structuredRepairs what llmg mended in that answer, in lower case (e.g. {@code code_fence}), each once;
 *     empty when nothing
 * @param structuredCorrections how many correction turns the call asked for; null as {@code structuredStatus}
 * @param attempts the provider attempts, in order; empty when the call was refused before any
 * @param fellBack whether the last attempt went to a target of a fallback of the model routing started with
 *     ({@code RoutingDecision.fallbacks} not empty): the attempt loop only moves forward through the plan's
 *     candidates, the routed model's own first, so once an attempt reached a fallback the last one is at one too
 */
public record InferenceRecord(String id, Instant startedAt, String tenant, String caller, String surface,
                              String operation, String requestedModel, String rule, String group, String provider,
                              String model, boolean streamed, String status, String errorKind, String errorMessage,
                              long latencyMicros, Long firstPieceMicros, long overheadMicros, Integer inputTokens,
                              Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens,
                              boolean tokensEstimated, BigDecimal costUsd, String finishReason, String traceId,
                              String conversationId, String instructionName, Integer instructionVersion,
                              String requestBody, String responseBody,
                              String structuredStatus, String structuredPolicy, List<String> structuredRepairs,
                              Integer structuredCorrections, List<AttemptRecord> attempts, boolean fellBack) {

    /** Checks the parts that are always known; no repairs (null, as in spill lines written before them) is empty. */
    public InferenceRecord {
        requireNonNull(id, "id");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(caller, "caller");
        requireNonNull(surface, "surface");
        requireNonNull(operation, "operation");
        requireNonNull(requestedModel, "requestedModel");
        requireNonNull(status, "status");
        structuredRepairs = structuredRepairs == null ? List.of() : List.copyOf(structuredRepairs);
        attempts = List.copyOf(attempts);
    }

    /** Creates a record of a call that did not fall back (as records were before fallbacks were kept). */
    public InferenceRecord(String id, Instant startedAt, String tenant, String caller, String surface,
                           String operation, String requestedModel, String rule, String group, String provider,
                           String model, boolean streamed, String status, String errorKind, String errorMessage,
                           long latencyMicros, Long firstPieceMicros, long overheadMicros, Integer inputTokens,
                           Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens,
                           boolean tokensEstimated, BigDecimal costUsd, String finishReason, String traceId,
                           String conversationId, String instructionName, Integer instructionVersion,
                           String requestBody, String responseBody,
                           String structuredStatus, String structuredPolicy, List<String> structuredRepairs,
                           Integer structuredCorrections, List<AttemptRecord> attempts) {
        this(id, startedAt, tenant, caller, surface, operation, requestedModel, rule, group, provider, model,
             streamed, status, errorKind, errorMessage, latencyMicros, firstPieceMicros, overheadMicros, inputTokens,
             outputTokens, cachedInputTokens, reasoningTokens, tokensEstimated, costUsd, finishReason, traceId,
             conversationId, instructionName, instructionVersion, requestBody, responseBody, structuredStatus,
             structuredPolicy, structuredRepairs, structuredCorrections, attempts, false);
    }

    /** Creates a record of a call rendered from no instruction (as records were before instructions). */
    public InferenceRecord(String id, Instant startedAt, String tenant, String caller, String surface,
                           String operation, String requestedModel, String rule, String group, String provider,
                           String model, boolean streamed, String status, String errorKind, String errorMessage,
                           long latencyMicros, Long firstPieceMicros, long overheadMicros, Integer inputTokens,
                           Integer outputTokens, Integer cachedInputTokens, Integer reasoningTokens,
                           boolean tokensEstimated, BigDecimal costUsd, String finishReason, String traceId,
                           String conversationId, String requestBody, String responseBody,
                           String structuredStatus, String structuredPolicy, List<String> structuredRepairs,
                           Integer structuredCorrections, List<AttemptRecord> attempts) {
        this(id, startedAt, tenant, caller, surface, operation, requestedModel, rule, group, provider, model,
             streamed, status, errorKind, errorMessage, latencyMicros, firstPieceMicros, overheadMicros, inputTokens,
             outputTokens, cachedInputTokens, reasoningTokens, tokensEstimated, costUsd, finishReason, traceId,
             conversationId, null, null, requestBody, responseBody, structuredStatus, structuredPolicy,
             structuredRepairs, structuredCorrections, attempts);
    }

    /** Returns this record with {@code attempts} instead of its own, as read back from their own table. */
    public InferenceRecord withAttempts(List<AttemptRecord> attempts) {
        return new InferenceRecord(id, startedAt, tenant, caller, surface, operation, requestedModel, rule, group,
                                   provider, model, streamed, status, errorKind, errorMessage, latencyMicros,
                                   firstPieceMicros, overheadMicros, inputTokens, outputTokens, cachedInputTokens,
                                   reasoningTokens, tokensEstimated, costUsd, finishReason, traceId, conversationId,
                                   instructionName, instructionVersion, requestBody, responseBody, structuredStatus,
                                   structuredPolicy, structuredRepairs,
                                   structuredCorrections, attempts, fellBack);
    }

    /** Returns whether the call ended with an answer. */
    public boolean succeeded() {
        return "OK".equals(status);
    }
}
