package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

/**
 * An endpoint of a group ({@code ...endpoints[*]}): what a caller's key belongs to.
 *
 * @param name unique within its group
 * @param alias an optional second name, e.g. the application's
 * @param upstream see {@link TenantSettings#upstream()}
 * @param models see {@link TenantSettings#models()}
 * @param tags see {@link TenantSettings#tags()}
 * @param keys its keys, at least one: stored hashes ({@code sha256:...}, see
 *             {@link dev.llmg.internal.auth.ApiKeys#hash}) or secret references ({@code env:NAME},
 *             {@code file:PATH}) holding the key itself, hashed as soon as they are read
 */
public record EndpointSettings(String name, String alias, String upstream, List<String> models,
                               Map<String, String> tags, List<String> keys) implements LevelSettings {

    /** Checks the name and that there is a key. */
    public EndpointSettings {
        LevelSettings.checkedName(name, "endpoint");
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("keys must hold at least one key: a sha256: hash or an env: or file: "
                                               + "reference");
        }
        keys = List.copyOf(keys);
    }
}
