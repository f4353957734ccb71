package dev.llmg.internal.admin;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ApiKey;
import dev.llmg.api.gateway.v1.CreateKeyRequest;
import dev.llmg.api.gateway.v1.CreateKeyResponse;
import dev.llmg.api.gateway.v1.ListKeysRequest;
import dev.llmg.api.gateway.v1.ListKeysResponse;
import dev.llmg.api.gateway.v1.RevokeKeyRequest;
import dev.llmg.api.gateway.v1.RevokeKeyResponse;
import dev.llmg.api.gateway.v1.RotateKeyRequest;
import dev.llmg.api.gateway.v1.RotateKeyResponse;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.api.gateway.v1.UpdateKeyRequest;
import dev.llmg.api.gateway.v1.UpdateKeyResponse;
import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.auth.KeyDirectory;
import dev.llmg.internal.auth.grouping.EndpointKey;
import dev.llmg.internal.auth.grouping.IssuedKey;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * AdminService's key methods: issues keys for endpoints (the key is answered once; only its hash is stored),
 * lists them with config's, and updates, revokes and rotates issued ones, putting each change in use on this
 * replica before answering. No audit detail holds more of a key than its 8-digit hint. Blocks on the database.
 */
final class KeyAdministration {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CONFIG_PREFIX = "config:";

    private final GroupingStore store;
    private final KeyDirectory keys;
    private final LevelAdministration levels;
    private final GroupingRefresh refresh;

    @Inject
    KeyAdministration(GroupingStore store, KeyDirectory keys, LevelAdministration levels, GroupingRefresh refresh) {
        this.store = requireNonNull(store, "store");
        this.keys = requireNonNull(keys, "keys");
        this.levels = requireNonNull(levels, "levels");
        this.refresh = requireNonNull(refresh, "refresh");
    }

    /** Issues a key for an existing endpoint. */
    CreateKeyResponse create(CreateKeyRequest request, String actor) {
        final String endpoint = request.getEndpoint();
        if (endpoint.isEmpty()) {
            throw AdminMessages.invalid("endpoint", "is required: the path of the key's endpoint");
        }
        if (levels.existingDepth(endpoint) != LevelDepth.ENDPOINT) {
            throw AdminMessages.invalid("endpoint", "no endpoint at '" + endpoint + "'");
        }
        final Instant now = now();
        final Instant expires = request.hasExpireTime() ? AdminMessages.instant(request.getExpireTime(),
                                                                                 "expire_time") : null;
        if (expires != null && !expires.isAfter(now)) {
            throw AdminMessages.invalid("expire_time", "must be in the future");
        }
        final String key = ApiKeys.generate();
        final IssuedKey issued = new IssuedKey(newId(), ApiKeys.hash(key), endpoint, checkedName(request.getName()),
                                               now, expires, null, AdminMessages.limits(request.getLimits(),
                                                                                         "limits"));
        store.insertKey(issued, actor, detail(issued).toString());
        refresh.refreshNow();
        return CreateKeyResponse.newBuilder().setApiKey(AdminMessages.key(issued)).setKey(key).build();
    }

    /** Lists config's keys and the issued ones, newest first. */
    ListKeysResponse list(ListKeysRequest request) {
        final Instant now = now();
        final ListKeysResponse.Builder response = ListKeysResponse.newBuilder();
        for (IssuedKey key : store.keys()) {
            final boolean active = (key.revokedAt() == null || now.isBefore(key.revokedAt()))
                                   && (key.expiresAt() == null || now.isBefore(key.expiresAt()));
            if (under(key.endpoint(), request.getUnder()) && (active || request.getIncludeInactive())) {
                response.addApiKeys(AdminMessages.key(key));
            }
        }
        keys.grouping().keys().stream().filter(key -> key.id().startsWith(CONFIG_PREFIX))
            .filter(key -> under(key.endpoint().path(), request.getUnder()))
            .sorted(java.util.Comparator.comparing(EndpointKey::id))
            .forEach(key -> response.addApiKeys(ApiKey.newBuilder().setId(key.id()).setEndpoint(key.endpoint().path())
                                                      .setHint(key.id().substring(CONFIG_PREFIX.length()))
                                                      .setSource(Source.SOURCE_CONFIG)));
        return response.build();
    }

    /** Changes an issued key's name, expiry and limits. */
    UpdateKeyResponse update(UpdateKeyRequest request, String actor) {
        final IssuedKey key = issued(request.getId());
        final Instant expires = request.hasExpireTime() ? AdminMessages.instant(request.getExpireTime(),
                                                                                 "expire_time") : null;
        final IssuedKey updated = new IssuedKey(key.id(), key.hash(), key.endpoint(), checkedName(request.getName()),
                                                key.createdAt(), expires, key.revokedAt(),
                                                AdminMessages.limits(request.getLimits(), "limits"));
        store.updateKey(updated, "key.update", actor, detail(updated).toString());
        refresh.refreshNow();
        return UpdateKeyResponse.newBuilder().setApiKey(AdminMessages.key(updated)).build();
    }

    /** Revokes an issued key now; one revoked already is answered as it is. */
    RevokeKeyResponse revoke(RevokeKeyRequest request, String actor) {
        final IssuedKey key = issued(request.getId());
        final Instant now = now();
        if (key.revokedAt() != null && !now.isBefore(key.revokedAt())) {
            return RevokeKeyResponse.newBuilder().setApiKey(AdminMessages.key(key)).build();
        }
        final IssuedKey revoked = revokedAt(key, now);
        store.updateKey(revoked, "key.revoke", actor, detail(revoked).toString());
        refresh.refreshNow();
        return RevokeKeyResponse.newBuilder().setApiKey(AdminMessages.key(revoked)).build();
    }

    /** Issues a key in place of an issued one and revokes the old one now or after the grace period. */
    RotateKeyResponse rotate(RotateKeyRequest request, String actor) {
        final IssuedKey old = issued(request.getId());
        final Instant now = now();
        if (old.revokedAt() != null && !now.isBefore(old.revokedAt())) {
            throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "key_revoked", "id", "the key '" + old.id()
                                       + "' was revoked at " + old.revokedAt() + ": issue a new one instead", null);
        }
        final Duration grace = request.hasGracePeriod()
                               ? Duration.ofSeconds(request.getGracePeriod().getSeconds(),
                                                    request.getGracePeriod().getNanos())
                               : Duration.ZERO;
        if (grace.isNegative()) {
            throw AdminMessages.invalid("grace_period", "must not be negative");
        }
        final Instant revokeAt = now.plus(grace);
        final IssuedKey replaced = revokedAt(old, old.revokedAt() != null && old.revokedAt().isBefore(revokeAt)
                                                  ? old.revokedAt() : revokeAt);
        final String key = ApiKeys.generate();
        final IssuedKey replacement = new IssuedKey(newId(), ApiKeys.hash(key), old.endpoint(), old.name(), now,
                                                    old.expiresAt(), null, old.limits());
        final ObjectNode detail = detail(replacement).put("replaced", old.id())
                                                     .put("replaced_revoke_time", replaced.revokedAt().toString());
        store.rotateKey(replaced, replacement, actor, detail.toString());
        refresh.refreshNow();
        return RotateKeyResponse.newBuilder().setApiKey(AdminMessages.key(replacement)).setKey(key)
                                .setReplaced(AdminMessages.key(replaced)).build();
    }

    private IssuedKey issued(String id) {
        if (id.isEmpty()) {
            throw AdminMessages.invalid("id", "is required");
        }
        if (id.startsWith(CONFIG_PREFIX)) {
            throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "config_key_read_only", "id", "the key '" + id
                                       + "' is written in the configuration file and is read-only here: remove "
                                       + "it from the file", null);
        }
        return store.key(id).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND, "key_not_found", "id",
                                                                    "no key with id '" + id + "'", null));
    }

    /** Returns what the audit records of a key: never the key or its hash, only the hint. */
    private static ObjectNode detail(IssuedKey key) {
        final ObjectNode detail = SettingsJson.object().put("endpoint", key.endpoint()).put("name", key.name())
                                              .put("hint", ApiKeys.hint(key.hash()));
        if (key.expiresAt() != null) {
            detail.put("expire_time", key.expiresAt().toString());
        }
        if (key.revokedAt() != null) {
            detail.put("revoke_time", key.revokedAt().toString());
        }
        detail.set("limits", SettingsJson.limits(key.limits()));
        return detail;
    }

    private static IssuedKey revokedAt(IssuedKey key, Instant at) {
        return new IssuedKey(key.id(), key.hash(), key.endpoint(), key.name(), key.createdAt(), key.expiresAt(), at,
                             key.limits());
    }

    private static String checkedName(String name) {
        if (name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw AdminMessages.invalid("name", "must be at most 255 characters, with no control characters");
        }
        return name;
    }

    private static boolean under(String path, String top) {
        return top.isEmpty() || AdminLevel.isUnder(path, top);
    }

    private static String newId() {
        final byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "key_" + HexFormat.of().formatHex(random);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
