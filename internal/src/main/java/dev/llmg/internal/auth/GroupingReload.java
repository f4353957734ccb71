package dev.llmg.internal.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;

import javax.inject.Inject;

import dev.llmg.internal.auth.grouping.TenantSettings;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;

/** Puts a changed {@code tenants} section in use when the configuration is reloaded; a bad one changes nothing. */
final class GroupingReload implements Reloadable {

    private final KeyDirectory keys;

    @Inject
    GroupingReload(KeyDirectory keys) {
        this.keys = requireNonNull(keys, "keys");
    }

    @Override
    public Change prepare(ConfigSection root) {
        final List<TenantSettings> tenants = ConfigTenants.read(root);
        return new Change() {
            @Override
            public void apply() {
                keys.useConfig(tenants);
            }

            @Override
            public void discard() {}
        };
    }
}
