package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * A group of a team or of another group ({@code ...groups[*]}): groups nest, and hold endpoints.
 *
 * @param name unique among its siblings
 * @param upstream see {@link TenantSettings#upstream()}
 * @param models see {@link TenantSettings#models()}
 * @param tags see {@link TenantSettings#tags()}
 * @param limits see {@link TenantSettings#limits()}
 * @param parameters see {@link TenantSettings#parameters()}
 * @param groups the groups inside it
 * @param endpoints its endpoints
 */
public record GroupSettings(String name, String upstream, List<String> models, Map<String, String> tags,
                            QuotaLimits limits, DefaultParameters parameters, List<GroupSettings> groups,
                            List<EndpointSettings> endpoints) implements LevelSettings {

    /** Checks the name and normalises the lists. */
    public GroupSettings {
        LevelSettings.checkedName(name, "group");
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        limits = limits == null ? QuotaLimits.none() : limits;
        parameters = parameters == null ? DefaultParameters.none() : parameters;
        groups = groups == null ? List.of() : List.copyOf(groups);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}
