package dev.llmg.internal.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

import dev.llmg.internal.auth.grouping.Grouping;
import dev.llmg.internal.auth.grouping.IssuedKey;
import dev.llmg.internal.auth.grouping.TenantSettings;
import dev.llmg.internal.auth.grouping.TenantTrees;

/**
 * Holds the grouping in use, the config's and the admin API's merged, so that finding a caller costs one SHA-256
 * and one map lookup and never touches the database. The config part changes with a reload; the database part
 * with every admin change on this replica at once, and on the others when they next read it ({@code
 * auth.refresh_interval}).
 */
public final class KeyDirectory {

    private final Grouping.Secrets secrets;
    private final Set<String> adminKeyHashes;
    private volatile State state;

    /** Starts with the config's grouping, {@code config} (already checked), and nothing from the database. */
    public KeyDirectory(List<TenantSettings> config, Grouping.Secrets secrets, Set<String> adminKeyHashes) {
        this.secrets = requireNonNull(secrets, "secrets");
        this.adminKeyHashes = Set.copyOf(adminKeyHashes);
        state = State.of(config, List.of(), List.of(), secrets);
    }

    /** Returns the grouping in use. */
    public Grouping grouping() {
        return state.grouping;
    }

    /** Returns whether {@code hash} is the stored hash of an admin key. */
    public boolean isAdmin(String hash) {
        return adminKeyHashes.contains(hash);
    }

    /** Returns the grouping as config writes it (the admin API shows it as read-only). */
    public List<TenantSettings> configTenants() {
        return state.config;
    }

    /** Puts a new config grouping in use (after a reload), keeping the database's. */
    public synchronized void useConfig(List<TenantSettings> config) {
        state = State.of(config, state.database, state.issued, secrets);
    }

    /**
     * Puts what the database holds in use: the levels managed through the admin API and the keys it issued. Throws
     * {@link IllegalArgumentException} (and keeps the grouping in use) when the two cannot be merged.
     */
    public synchronized void useDatabase(List<TenantSettings> database, List<IssuedKey> issued) {
        state = State.of(state.config, database, issued, secrets);
    }

    private record State(List<TenantSettings> config, List<TenantSettings> database, List<IssuedKey> issued,
                         Grouping grouping) {

        static State of(List<TenantSettings> config, List<TenantSettings> database, List<IssuedKey> issued,
                        Grouping.Secrets secrets) {
            return new State(List.copyOf(config), List.copyOf(database), List.copyOf(issued),
                             Grouping.of(TenantTrees.merge(config, database), "tenants", secrets, issued));
        }
    }
}
