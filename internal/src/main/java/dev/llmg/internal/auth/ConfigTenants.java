package dev.llmg.internal.auth;

import java.util.List;

import dev.llmg.internal.auth.grouping.Grouping;
import dev.llmg.internal.auth.grouping.TenantSettings;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/** Reads and checks the {@code tenants} section: the grouping written in config. */
final class ConfigTenants {

    private ConfigTenants() {}

    /** Returns the tenants of {@code root}, checked (names, keys); throws {@link ConfigException} naming the key. */
    static List<TenantSettings> read(ConfigSection root) {
        final List<TenantSettings> tenants = List.of(root.bind("tenants", TenantSettings[].class,
                                                               new TenantSettings[0]));
        try {
            Grouping.of(tenants, "tenants", root::resolveSecret);
        } catch (IllegalArgumentException e) {
            final String message = String.valueOf(e.getMessage());
            final int colon = message.indexOf(": ");
            throw colon > 0 ? new ConfigException(message.substring(0, colon), message.substring(colon + 2))
                            : new ConfigException("tenants", message);
        }
        return tenants;
    }

    /** Returns the resolver of secret references {@code root} reads with. */
    static Grouping.Secrets secrets(ConfigSection root) {
        return root::resolveSecret;
    }
}
