package dev.llmg.internal.auth;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.llmg.internal.auth.grouping.EndpointKey;
import dev.llmg.internal.call.Caller;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Turns the key a caller presented into who it is: an admin ({@code auth.admin_keys}), an endpoint of the grouping,
 * or, in keyless mode ({@code auth.required: false}), an anonymous caller known by the key's fingerprint. A
 * missing, unknown, revoked or expired key is refused with UNAUTHENTICATED and a message that says which, and never
 * the key itself. Costs one SHA-256 and two map lookups: no database.
 */
public final class Authenticator {

    private final boolean required;
    private final KeyDirectory keys;
    private final Clock clock;

    /** Authenticates against {@code keys}; {@code required} is {@code auth.required}. */
    public Authenticator(boolean required, KeyDirectory keys, Clock clock) {
        this.required = required;
        this.keys = requireNonNull(keys, "keys");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Returns the authenticator of a keyless gateway with no grouping and no admin key (benchmarks, tools). */
    public static Authenticator keyless() {
        return new Authenticator(false, new KeyDirectory(List.of(), (path, reference) -> "", Set.of()),
                                 Clock.systemUTC());
    }

    /** Returns whether a key is required ({@code auth.required}). */
    public boolean required() {
        return required;
    }

    /** Returns who presented {@code key} (empty: none), or throws an UNAUTHENTICATED {@link GatewayException}. */
    public Caller authenticate(Optional<String> key) {
        if (key.isEmpty()) {
            if (required) {
                throw unauthenticated("missing_api_key", "no API key was presented: send it as "
                                      + "'Authorization: Bearer <key>' or 'x-api-key: <key>' (gRPC metadata "
                                      + "'authorization' or 'x-api-key')");
            }
            return Caller.anonymous();
        }
        final String hash = ApiKeys.hash(key.get());
        if (keys.isAdmin(hash)) {
            return Caller.admin(hash);
        }
        final Optional<EndpointKey> found = keys.grouping().keyWithHash(hash);
        if (found.isEmpty()) {
            if (required) {
                throw unauthenticated("invalid_api_key", "the API key presented is not one llmg knows"
                        + (ApiKeys.looksIssued(key.get()) ? " (it may have been deleted, or belong to another "
                                                            + "llmg deployment)"
                                                          : "; keys llmg issues start with " + ApiKeys.PREFIX
                                                            + " and have " + (ApiKeys.PREFIX.length() + 43)
                                                            + " characters"));
            }
            return Caller.unresolved(hash);
        }
        final EndpointKey endpointKey = found.get();
        final Instant now = clock.instant();
        if (endpointKey.revokedAt() != null && !now.isBefore(endpointKey.revokedAt())) {
            throw unauthenticated("revoked_api_key", "the API key " + endpointKey.id() + " was revoked at "
                                                     + endpointKey.revokedAt() + "; ask for a new one");
        }
        if (endpointKey.expiredBy(now)) {
            throw unauthenticated("expired_api_key", "the API key " + endpointKey.id() + " expired at "
                                                     + endpointKey.expiresAt() + "; ask for a new one");
        }
        return Caller.of(endpointKey, hash);
    }

    private static GatewayException unauthenticated(String reason, String message) {
        return new GatewayException(ErrorKind.UNAUTHENTICATED, reason, message);
    }
}
