package dev.llmg.internal.auth.grouping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.quota.QuotaLimits;
import dev.llmg.internal.quota.QuotaScope;

/**
 * The grouping of callers, resolved: tenants contain teams, teams contain groups, groups nest and contain
 * endpoints, and every endpoint's keys lead to it. Each endpoint takes its upstream, allowlist and tags from the
 * nearest level that sets them, once, when the grouping is built; finding a caller is then one SHA-256 of the key
 * presented and one map lookup, with no database and no walk up the tree per call.
 *
 * <p>Only hashes are kept: a key written in the configuration (through an {@code env:} or {@code file:}
 * reference) is hashed as it is read, and one written literally is refused, so that no config file holds a key.
 * Keys issued through the admin API arrive as hashes already, with their expiry and revocation.
 */
public final class Grouping {

    /** Reads a secret reference ({@code env:NAME}, {@code file:PATH}) found at a config path. */
    @FunctionalInterface
    public interface Secrets {
        /** Returns the secret {@code reference} (found at {@code path}) stands for; empty when unset. */
        String resolve(String path, String reference);
    }

    private final Map<String, EndpointKey> byKeyHash;
    private final Map<String, Endpoint> byPath;

    private Grouping(Map<String, EndpointKey> byKeyHash, Map<String, Endpoint> byPath) {
        this.byKeyHash = Map.copyOf(byKeyHash);
        this.byPath = byPath;
    }

    /**
     * Resolves {@code tenants} as written in config (at path {@code path}), where every endpoint needs a key;
     * throws {@link IllegalArgumentException} naming the path of the first problem (a duplicate name, an endpoint
     * with no key, a key written literally, a key two endpoints share).
     */
    public static Grouping of(List<TenantSettings> tenants, String path, Secrets secrets) {
        return build(tenants, path, secrets, List.of(), true);
    }

    /**
     * Resolves {@code tenants} (config and admin API merged, see {@link TenantTrees}) with the keys the admin API
     * issued; an issued key whose endpoint is gone is left out.
     */
    public static Grouping of(List<TenantSettings> tenants, String path, Secrets secrets, List<IssuedKey> issued) {
        return build(tenants, path, secrets, issued, false);
    }

    private static Grouping build(List<TenantSettings> tenants, String path, Secrets secrets, List<IssuedKey> issued,
                                  boolean everyEndpointHasAKey) {
        final Builder builder = new Builder(secrets, everyEndpointHasAKey);
        uniqueNames(tenants, path);
        for (int t = 0; t < tenants.size(); t++) {
            final TenantSettings tenant = tenants.get(t);
            final String tenantPath = path + '[' + t + ']';
            final Inherited fromTenant = Inherited.TOP.under(tenant, "tenant:" + tenant.name());
            uniqueNames(tenant.teams(), tenantPath + ".teams");
            for (int m = 0; m < tenant.teams().size(); m++) {
                final TeamSettings team = tenant.teams().get(m);
                final String teamPath = tenantPath + ".teams[" + m + ']';
                builder.groups(tenant.name(), team.name(), List.of(), team.groups(), teamPath + ".groups",
                               fromTenant.under(team, "team:" + tenant.name() + '/' + team.name()));
            }
        }
        issued.forEach(builder::issued);
        return new Grouping(builder.byKeyHash, builder.byPath);
    }

    /** Returns an empty grouping: nobody can be found in it. */
    public static Grouping empty() {
        return new Grouping(Map.of(), Map.of());
    }

    /** Returns the endpoint {@code presentedKey} belongs to, if any (revoked and expired keys included). */
    public Optional<Endpoint> endpointOf(String presentedKey) {
        return keyOf(presentedKey).map(EndpointKey::endpoint);
    }

    /** Returns what {@code presentedKey} is known as, if anything: revoked and expired keys too, to say so. */
    public Optional<EndpointKey> keyOf(String presentedKey) {
        return keyWithHash(ApiKeys.hash(presentedKey));
    }

    /** Returns what the key with the stored hash {@code hash} is known as, if anything. */
    public Optional<EndpointKey> keyWithHash(String hash) {
        return Optional.ofNullable(byKeyHash.get(hash));
    }

    /** Returns every key it knows, config's and issued ones, revoked and expired included (to list them). */
    public Collection<EndpointKey> keys() {
        return byKeyHash.values();
    }

    /** Returns every endpoint, by path. */
    public Collection<Endpoint> endpoints() {
        return byPath.values();
    }

    /** Returns the endpoint at {@code path} (e.g. {@code acme/search/backend/indexer}), if any. */
    public Optional<Endpoint> endpoint(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Returns the upstreams and allowed models the grouping names, to check against the configured models. */
    public Set<String> modelsNamed() {
        final Set<String> named = new HashSet<>();
        for (Endpoint endpoint : byPath.values()) {
            if (endpoint.upstream() != null) {
                named.add(endpoint.upstream());
            }
            if (endpoint.models() != null) {
                named.addAll(endpoint.models());
            }
        }
        return named;
    }

    private static void uniqueNames(List<? extends LevelSettings> levels, String path) {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < levels.size(); i++) {
            if (!seen.add(levels.get(i).name())) {
                throw new IllegalArgumentException(path + '[' + i + "].name: '" + levels.get(i).name()
                                                   + "' is already the name of another one here");
            }
        }
    }

    /**
     * What a level passes down: the nearest upstream, allowlist and parameters so far, the tags and the limited
     * scopes so far.
     */
    private record Inherited(String upstream, List<String> models, Map<String, String> tags,
                             DefaultParameters parameters, List<QuotaScope> scopes) {

        static final Inherited TOP = new Inherited(null, null, Map.of(), DefaultParameters.none(), List.of());

        Inherited under(LevelSettings level, String scope) {
            final Map<String, String> merged = new LinkedHashMap<>(tags);
            merged.putAll(level.tags());
            return new Inherited(nearer(level.upstream(), upstream), nearer(level.models(), models), merged,
                                 level.parameters().over(parameters), withScope(scope, level.limits(), scopes));
        }

        /** Returns {@code outer} with the level's scope first, when it limits anything. */
        static List<QuotaScope> withScope(String scope, QuotaLimits limits, List<QuotaScope> outer) {
            if (limits.isNone()) {
                return outer;
            }
            final List<QuotaScope> scopes = new ArrayList<>(outer.size() + 1);
            scopes.add(new QuotaScope(scope, limits));
            scopes.addAll(outer);
            return List.copyOf(scopes);
        }

        private static <T> T nearer(T own, T above) {
            return own != null ? own : above;
        }
    }

    /** Walks the groups and endpoints of one team. */
    private static final class Builder {
        private final Secrets secrets;
        private final boolean everyEndpointHasAKey;
        private final Map<String, EndpointKey> byKeyHash = new HashMap<>();
        private final Map<String, String> keyPaths = new HashMap<>();
        private final Map<String, Endpoint> byPath = new LinkedHashMap<>();

        Builder(Secrets secrets, boolean everyEndpointHasAKey) {
            this.secrets = secrets;
            this.everyEndpointHasAKey = everyEndpointHasAKey;
        }

        void groups(String tenant, String team, List<String> outer, List<GroupSettings> groups, String path,
                    Inherited inherited) {
            uniqueNames(groups, path);
            for (int g = 0; g < groups.size(); g++) {
                final GroupSettings group = groups.get(g);
                final String groupPath = path + '[' + g + ']';
                final List<String> names = new ArrayList<>(outer);
                names.add(group.name());
                final Inherited fromGroup = inherited.under(group, "group:" + tenant + '/' + team + '/'
                                                                   + String.join("/", names));
                groups(tenant, team, names, group.groups(), groupPath + ".groups", fromGroup);
                uniqueNames(group.endpoints(), groupPath + ".endpoints");
                for (int e = 0; e < group.endpoints().size(); e++) {
                    endpoint(tenant, team, names, group.endpoints().get(e), groupPath + ".endpoints[" + e + ']',
                             fromGroup);
                }
            }
        }

        private void endpoint(String tenant, String team, List<String> groups, EndpointSettings settings, String path,
                              Inherited inherited) {
            final String endpointPath = tenant + '/' + team + '/' + String.join("/", groups) + '/' + settings.name();
            final Inherited own = inherited.under(settings, "endpoint:" + endpointPath);
            final Endpoint endpoint = new Endpoint(tenant, team, groups, settings.name(), settings.alias(),
                                                   own.upstream(), own.models(), own.tags(), own.parameters(),
                                                   own.scopes());
            byPath.put(endpoint.path(), endpoint);
            if (everyEndpointHasAKey && settings.keys().isEmpty()) {
                throw new IllegalArgumentException(path + ".keys: must hold at least one key: a sha256: hash or an "
                                                   + "env: or file: reference");
            }
            for (int k = 0; k < settings.keys().size(); k++) {
                final String keyPath = path + ".keys[" + k + ']';
                final String hash = hashOf(settings.keys().get(k), keyPath);
                if (hash.isEmpty()) {
                    continue; // an unset env: reference adds no key, as an unset provider key adds no provider
                }
                claim(hash, keyPath);
                byKeyHash.put(hash, new EndpointKey("config:" + ApiKeys.hint(hash), endpoint, null, null,
                                                    endpoint.scopes()));
            }
        }

        void issued(IssuedKey key) {
            final Endpoint endpoint = byPath.get(key.endpoint());
            if (endpoint == null || !ApiKeys.isHash(key.hash())) {
                return;
            }
            claim(key.hash(), "issued key " + key.id());
            byKeyHash.put(key.hash(), new EndpointKey(key.id(), endpoint, key.expiresAt(), key.revokedAt(),
                                                      Inherited.withScope("key:" + key.id(), key.limits(),
                                                                          endpoint.scopes())));
        }

        private void claim(String hash, String where) {
            final String other = keyPaths.putIfAbsent(hash, where);
            if (other != null) {
                throw new IllegalArgumentException(where + ": the same key as " + other
                                                   + "; a key belongs to one endpoint");
            }
        }

        private String hashOf(String written, String path) {
            if (ApiKeys.isHash(written)) {
                return written;
            }
            if (written.startsWith("env:") || written.startsWith("file:")) {
                final String key = secrets.resolve(path, written);
                return key.isEmpty() ? "" : ApiKeys.hash(key);
            }
            throw new IllegalArgumentException(path + ": write the key's hash (" + ApiKeys.HASH_PREFIX
                                               + "..., from llmg's admin API or ApiKeys.hash) or an env: or file: "
                                               + "reference, never the key itself");
        }
    }
}
