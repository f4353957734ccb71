package dev.llmg.internal.tracking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Makes inference records for store tests: every field set, changed one at a time. */
public final class TestInferences {

    private String id;
    private Instant startedAt;
    private String tenant;
    private String caller = "alice";
    private String requestedModel = "chat";
    private String provider = "openai";
    private String status = "OK";
    private String errorKind;
    private String errorMessage;
    private long latencyMicros = 120_000;
    private boolean streamed = true;
    private Long firstPieceMicros = 1_500L;
    private long overheadMicros = 900;
    private boolean fellBack;
    private Integer inputTokens = 10;
    private Integer outputTokens = 20;
    private Integer cachedInputTokens = 2;
    private Integer reasoningTokens = 0;
    private BigDecimal costUsd = new BigDecimal("0.0012345");
    private String requestBody = "{\"messages\":[{\"role\":\"user\",\"content\":\"héllo ✓\"}]}";
    private String responseBody = "{\"content\":\"hi\"}";
    private String structuredStatus = "repaired";
    private String structuredPolicy = "repair";
    private List<String> structuredRepairs = List.of("code_fence", "trailing_comma");
    private Integer structuredCorrections = 0;
    private List<AttemptRecord> attempts = new ArrayList<>(List.of(
            new AttemptRecord(1, "openai", "gpt-4o-mini", "failed", "unavailable", "503 from upstream",
                              30_000, 0, 503, "req-a", null, List.of()),
            new AttemptRecord(2, "openai", "gpt-4o-mini", "succeeded", null, null, 80_000, 200_000, 200, null,
                              "repaired", List.of())));

    private TestInferences(String id, Instant startedAt) {
        this.id = id;
        this.startedAt = startedAt;
    }

    /** Starts a successful, streamed chat call with two attempts, tokens, cost and bodies. */
    public static TestInferences call(String id, Instant startedAt) {
        return new TestInferences(id, startedAt);
    }

    /** Sets the tenant. */
    public TestInferences tenant(String value) {
        tenant = value;
        return this;
    }

    /** Sets the caller. */
    public TestInferences caller(String value) {
        caller = value;
        return this;
    }

    /** Sets the model asked for. */
    public TestInferences model(String value) {
        requestedModel = value;
        return this;
    }

    /** Sets the provider (null: no attempt was made, and there are none). */
    public TestInferences provider(String value) {
        provider = value;
        if (value == null) {
            attempts.clear();
        }
        return this;
    }

    /** Makes the call fail with {@code code}. */
    public TestInferences failed(String code) {
        status = code;
        errorKind = code.toLowerCase(java.util.Locale.ROOT);
        errorMessage = "the call failed: " + code;
        return this;
    }

    /** Sets the latency, in microseconds. */
    public TestInferences latencyMicros(long value) {
        latencyMicros = value;
        return this;
    }

    /** Sets whether the call streamed and its time to first piece (null: none came). */
    public TestInferences streamed(boolean value, Long firstPiece) {
        streamed = value;
        firstPieceMicros = firstPiece;
        return this;
    }

    /** Sets the gateway's own time, in microseconds. */
    public TestInferences overheadMicros(long value) {
        overheadMicros = value;
        return this;
    }

    /** Sets whether the call's last attempt went to a fallback. */
    public TestInferences fellBack(boolean value) {
        fellBack = value;
        return this;
    }

    /** Sets the token counts (null: unknown). */
    public TestInferences tokens(Integer input, Integer output, Integer cached, Integer reasoning) {
        inputTokens = input;
        outputTokens = output;
        cachedInputTokens = cached;
        reasoningTokens = reasoning;
        return this;
    }

    /** Sets the cost (null: unknown prices). */
    public TestInferences cost(String value) {
        costUsd = value == null ? null : new BigDecimal(value);
        return this;
    }

    /** Sets how the structured answer was checked (status null: the call asked for no JSON). */
    public TestInferences structured(String status, String policy, List<String> repairs, Integer corrections) {
        structuredStatus = status;
        structuredPolicy = policy;
        structuredRepairs = repairs;
        structuredCorrections = corrections;
        return this;
    }

    /** Sets the attempts. */
    public TestInferences attempts(AttemptRecord... values) {
        attempts = new ArrayList<>(List.of(values));
        return this;
    }

    /** Builds the record. */
    public InferenceRecord build() {
        return new InferenceRecord(id, startedAt, tenant, caller, "openai", "chat", requestedModel, "premium-tools",
                                   "chat", provider, provider == null ? null : "gpt-4o-mini", streamed, status,
                                   errorKind, errorMessage, latencyMicros, firstPieceMicros, overheadMicros,
                                   inputTokens, outputTokens,
                                   cachedInputTokens, reasoningTokens, false, costUsd, "stop",
                                   "4bf92f3577b34da6a3ce929d0e0e4736", "conv-1", "summarize", 3, requestBody,
                                   responseBody,
                                   structuredStatus, structuredPolicy, structuredRepairs, structuredCorrections,
                                   attempts, fellBack);
    }

    /** Returns a call with every nullable part null, no bodies and no attempts. */
    public static InferenceRecord bare(String id, Instant startedAt) {
        return new InferenceRecord(id, startedAt, null, "anonymous", "grpc", "embeddings", "embed", null, null, null,
                                   null, false, "INVALID_ARGUMENT", null, null, 5, null, 5, null, null, null, null,
                                   true, null, null, null, null, null, null, null, null, List.of(), null, List.of());
    }
}
