package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * A team of a tenant ({@code tenants[*].teams[*]}).
 *
 * @param name unique within its tenant
 * @param upstream see {@link TenantSettings#upstream()}
 * @param models see {@link TenantSettings#models()}
 * @param tags see {@link TenantSettings#tags()}
 * @param limits see {@link TenantSettings#limits()}
 * @param parameters see {@link TenantSettings#parameters()}
 * @param groups its groups
 */
public record TeamSettings(String name, String upstream, List<String> models, Map<String, String> tags,
                           QuotaLimits limits, DefaultParameters parameters, List<GroupSettings> groups)
        implements LevelSettings {

    /** Checks the name and normalises the lists. */
    public TeamSettings {
        LevelSettings.checkedName(name, "team");
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        limits = limits == null ? QuotaLimits.none() : limits;
        parameters = parameters == null ? DefaultParameters.none() : parameters;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
