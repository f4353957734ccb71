package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * An endpoint of a group ({@code ...endpoints[*]}): what a caller's key belongs to.
 *
 * @param name unique within its group
 * @param alias an optional second name, e.g. the application's
 * @param upstream see {@link TenantSettings#upstream()}
 * @param models see {@link TenantSettings#models()}
 * @param tags see {@link TenantSettings#tags()}
 * @param limits see {@link TenantSettings#limits()}
 * @param parameters see {@link TenantSettings#parameters()}
 * @param keys its keys written in config (at least one there; one managed through the admin API has its keys
 *             in the database): stored hashes ({@code sha256:...}, see
 *             {@link dev.llmg.internal.auth.ApiKeys#hash}) or secret references ({@code env:NAME},
 *             {@code file:PATH}) holding the key itself, hashed as soon as they are read
 */
public record EndpointSettings(String name, String alias, String upstream, List<String> models,
                               Map<String, String> tags, QuotaLimits limits, DefaultParameters parameters,
                               List<String> keys)
        implements LevelSettings {

    /** Checks the name and normalises the lists. */
    public EndpointSettings {
        LevelSettings.checkedName(name, "endpoint");
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        limits = limits == null ? QuotaLimits.none() : limits;
        parameters = parameters == null ? DefaultParameters.none() : parameters;
        keys = keys == null ? List.of() : List.copyOf(keys);
    }
}
