package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who is calling, as far as the gateway knows: today the key the caller presented, identified by a
 * fingerprint so that records and logs never hold the key itself; the grouping of callers (tenant, team,
 * group, endpoint) will add what the key resolves to.
 *
 * @param id a stable identifier for records and metrics: {@code anonymous}, or {@code key:} and the first
 *           twelve hex digits of the key's SHA-256
 */
public record Caller(String id) {

    private static final Caller ANONYMOUS = new Caller("anonymous");

    /** Checks the id is present. */
    public Caller {
        requireNonNull(id, "id");
    }

    /** Returns the caller who presented no key. */
    public static Caller anonymous() {
        return ANONYMOUS;
    }

    /** Returns the caller who presented {@code key}, known by the key's fingerprint. */
    public static Caller withKey(String key) {
        final byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        return new Caller("key:" + HexFormat.of().formatHex(hash, 0, 6));
    }
}
