package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

/**
 * A team of a tenant ({@code tenants[*].teams[*]}).
 *
 * @param name unique within its tenant
 * @param upstream see {@link TenantSettings#upstream()}
 * @param models see {@link TenantSettings#models()}
 * @param tags see {@link TenantSettings#tags()}
 * @param groups its groups
 */
public record TeamSettings(String name, String upstream, List<String> models, Map<String, String> tags,
                           List<GroupSettings> groups) implements LevelSettings {

    /** Checks the name and normalises the lists. */
    public TeamSettings {
        LevelSettings.checkedName(name, "team");
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
