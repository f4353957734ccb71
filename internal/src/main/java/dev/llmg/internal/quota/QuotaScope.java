package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

/**
 * One scope a call belongs to and its limits.
 *
 * @param id a stable name such as {@code tenant:acme}, {@code endpoint:acme/search/api} or {@code key:1a2b3c4d};
 *           it names the shared counters, so replicas must spell it alike, and it appears in refusals
 * @param limits what the scope allows
 */
public record QuotaScope(String id, QuotaLimits limits) {

    /** Checks both parts are present and the id fits the store's column. */
    public QuotaScope {
        requireNonNull(id, "id");
        requireNonNull(limits, "limits");
        if (id.isEmpty() || id.length() > 255) {
            throw new IllegalArgumentException("A quota scope id must have 1 to 255 characters: " + id);
        }
    }
}
