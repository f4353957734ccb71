package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * A tenant ({@code tenants[*]}): the top of the grouping, the unit of isolation.
 *
 * @param name unique among tenants
 * @param upstream the model or model group its callers are routed to, unless a nearer level names one
 * @param models the models its callers may name, unless a nearer level says; unset: any
 * @param limits what all its callers together may use (each level's own; levels above count too)
 * @param parameters sampling parameters for its callers' requests that set none, unless a nearer level says
 * @param tags labels for its callers' records
 * @param teams its teams
 */
public record TenantSettings(String name, String upstream, List<String> models, Map<String, String> tags,
                             QuotaLimits limits, DefaultParameters parameters, List<TeamSettings> teams)
        implements LevelSettings {

    /** Checks the name and normalises the lists. */
    public TenantSettings {
        LevelSettings.checkedName(name, "tenant");
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        limits = limits == null ? QuotaLimits.none() : limits;
        parameters = parameters == null ? DefaultParameters.none() : parameters;
        teams = teams == null ? List.of() : List.copyOf(teams);
    }
}
