package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.auth.grouping.Endpoint;
import dev.llmg.internal.auth.grouping.EndpointKey;
import dev.llmg.internal.quota.QuotaScope;

/**
 * Who is calling, as far as the gateway knows: the key the caller presented, identified by a fingerprint so that
 * records and logs never hold the key itself, and what the key resolved to: an endpoint of the grouping (tenant,
 * team, groups, endpoint), an admin, or nothing (keyless mode, {@code auth.required: false}).
 *
 * @param id a stable identifier for records and metrics: {@code anonymous}, or {@code key:} (or {@code admin:}) and
 *           the first twelve hex digits of the key's SHA-256
 * @param key the grouping's key it presented, or null when it presented none the grouping knows
 * @param admin whether it presented one of {@code auth.admin_keys}
 */
public record Caller(String id, EndpointKey key, boolean admin) {

    private static final Caller ANONYMOUS = new Caller("anonymous", null, false);

    /** Checks the id is present. */
    public Caller {
        requireNonNull(id, "id");
    }

    /** Returns the caller who presented no key. */
    public static Caller anonymous() {
        return ANONYMOUS;
    }

    /** Returns the caller who presented {@code key}, known by the key's fingerprint and nothing else. */
    public static Caller withKey(String key) {
        return unresolved(ApiKeys.hash(key));
    }

    /** Returns the caller whose key has the stored hash {@code hash} and resolves to nothing. */
    public static Caller unresolved(String hash) {
        return new Caller("key:" + fingerprint(hash), null, false);
    }

    /** Returns the caller whose key (with the stored hash {@code hash}) belongs to the grouping as {@code key}. */
    public static Caller of(EndpointKey key, String hash) {
        return new Caller("key:" + fingerprint(hash), requireNonNull(key, "key"), false);
    }

    /** Returns the caller who presented the admin key with the stored hash {@code hash}. */
    public static Caller admin(String hash) {
        return new Caller("admin:" + fingerprint(hash), null, true);
    }

    /** Returns the endpoint its key belongs to, if any. */
    public Optional<Endpoint> endpoint() {
        return key == null ? Optional.empty() : Optional.of(key.endpoint());
    }

    /** Returns its tenant's name, or null for a caller of no tenant (an admin, or keyless mode). */
    public String tenant() {
        return key == null ? null : key.endpoint().tenant();
    }

    /** Returns the limited scopes its calls count against, innermost first; empty when nothing limits it. */
    public List<QuotaScope> scopes() {
        return key == null ? List.of() : key.scopes();
    }

    private static String fingerprint(String hash) {
        return hash.substring(ApiKeys.HASH_PREFIX.length(), ApiKeys.HASH_PREFIX.length() + 12);
    }
}
