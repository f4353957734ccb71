package dev.llmg.internal.auth;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code auth} section: whether callers must present a key, the admin keys that bootstrap a deployment, and how
 * soon a change made through the admin API on one replica is seen by the others.
 *
 * @param required whether a call without a known key is refused (UNAUTHENTICATED); false is the keyless mode of the
 *                 offline demo, where a key the grouping does not know is let through as an anonymous caller
 * @param adminKeyHashes the stored hashes of {@code auth.admin_keys}, read from {@code env:}/{@code file:} references
 *                       (an unset one adds none) or written as hashes, never written literally
 * @param refreshInterval how often the keys and grouping managed through the admin API are read again from the
 *                        database (the bound on how soon another replica sees a revocation)
 */
public record AuthSettings(boolean required, Set<String> adminKeyHashes, Duration refreshInterval) {

    /** Checks the parts. */
    public AuthSettings {
        adminKeyHashes = Set.copyOf(adminKeyHashes);
        requireNonNull(refreshInterval, "refreshInterval");
    }

    /** Reads {@code auth} from the configuration's root. */
    public static AuthSettings from(ConfigSection root) {
        final ConfigSection auth = root.sectionOrEmpty("auth");
        auth.allowOnly("required", "admin_keys", "refresh_interval", "quotas");
        final Set<String> hashes = new LinkedHashSet<>();
        final List<String> written = auth.strings("admin_keys");
        for (int i = 0; i < written.size(); i++) {
            final String path = auth.pathOf("admin_keys") + '[' + i + ']';
            final String hash = hashOf(written.get(i), path, auth);
            if (!hash.isEmpty()) {
                hashes.add(hash);
            }
        }
        final Duration refresh = auth.duration("refresh_interval", Duration.ofSeconds(2));
        if (refresh.compareTo(Duration.ofMillis(100)) < 0 || refresh.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ConfigException(auth.pathOf("refresh_interval"), "must be between 100ms and 5m");
        }
        return new AuthSettings(auth.bool("required", true), hashes, refresh);
    }

    private static String hashOf(String written, String path, ConfigSection auth) {
        if (ApiKeys.isHash(written)) {
            return written;
        }
        if (written.startsWith("env:") || written.startsWith("file:")) {
            final String key = auth.resolveSecret(path, written);
            return key.isEmpty() ? "" : ApiKeys.hash(key); // unset: no admin key from it, as with a provider's key
        }
        throw new ConfigException(path, "write an env: or file: reference (or the key's " + ApiKeys.HASH_PREFIX
                                        + " hash), never the key itself");
    }
}
