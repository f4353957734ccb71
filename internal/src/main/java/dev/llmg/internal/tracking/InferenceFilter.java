package dev.llmg.internal.tracking;

import java.time.Instant;

/**
 * Which calls a listing or a usage report covers; a null part does not filter.
 *
 * @param from the earliest start, inclusive
 * @param to the latest start, exclusive
 * @param model the model (or group) callers asked for
 * @param provider the provider that answered
 * @param status the gRPC status code name, e.g. {@code OK}
 * @param caller the caller's identity
 * @param tenant the tenant whose records only are seen (a tenant's caller sees no other); null: every tenant
 * @param structuredStatus how the structured answer was found: {@code valid}, {@code repaired} or {@code invalid}
 */
public record InferenceFilter(Instant from, Instant to, String model, String provider, String status, String caller,
                              String tenant, String structuredStatus) {

    /** Everything. */
    public static final InferenceFilter ALL = new InferenceFilter(null, null, null, null, null, null, null);

    /** Creates a filter that does not look at structured output. */
    public InferenceFilter(Instant from, Instant to, String model, String provider, String status, String caller,
                           String tenant) {
        this(from, to, model, provider, status, caller, tenant, null);
    }
}
