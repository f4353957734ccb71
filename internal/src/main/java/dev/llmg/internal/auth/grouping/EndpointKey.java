package dev.llmg.internal.auth.grouping;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

import dev.llmg.internal.quota.QuotaScope;

/**
 * A key known to the grouping and the endpoint it leads to, with what makes it stop working.
 *
 * @param id its id: an issued key's id in the admin API, or {@code config:} and its hint for a key in config
 * @param endpoint the endpoint its callers are served as
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked (or will be, at the end of a rotation's grace period), or null
 * @param scopes the limited scopes a call with this key counts against: the key's own, then its endpoint's and
 *               every level's above it (only those that set a limit)
 */
public record EndpointKey(String id, Endpoint endpoint, Instant expiresAt, Instant revokedAt,
                          List<QuotaScope> scopes) {

    /** Checks the parts. */
    public EndpointKey {
        requireNonNull(id, "id");
        requireNonNull(endpoint, "endpoint");
        scopes = List.copyOf(scopes);
    }

    /** Returns whether it has expired by {@code now}. */
    public boolean expiredBy(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
