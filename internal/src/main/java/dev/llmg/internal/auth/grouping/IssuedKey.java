package dev.llmg.internal.auth.grouping;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * A key llmg issued through its admin API, as the database keeps it: only its hash, never the key.
 *
 * @param id its id in the admin API
 * @param hash {@code sha256:} and the key's hex SHA-256
 * @param endpoint the path of the endpoint it belongs to, e.g. {@code acme/search/backend/indexer}
 * @param name what its owner calls it, e.g. {@code ci}; may be empty
 * @param createdAt when it was issued
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 * @param limits what calls with this key alone may use
 */
public record IssuedKey(String id, String hash, String endpoint, String name, Instant createdAt, Instant expiresAt,
                        Instant revokedAt, QuotaLimits limits) {

    /** Checks the parts. */
    public IssuedKey {
        requireNonNull(id, "id");
        requireNonNull(hash, "hash");
        requireNonNull(endpoint, "endpoint");
        name = name == null ? "" : name;
        requireNonNull(createdAt, "createdAt");
        limits = limits == null ? QuotaLimits.none() : limits;
    }
}
