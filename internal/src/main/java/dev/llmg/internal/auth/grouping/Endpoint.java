package dev.llmg.internal.auth.grouping;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.quota.QuotaScope;

/**
 * An endpoint as its callers are served: where it sits, and what it inherits, each setting from the nearest
 * level that names it (the endpoint itself, its groups inwards out, its team, its tenant).
 *
 * @param tenant its tenant's name
 * @param team its team's name
 * @param groups its groups' names, outermost first
 * @param name its name
 * @param alias its alias, or null
 * @param upstream the nearest upstream, or null when no level names one (callers must then name a model)
 * @param models the nearest allowlist, or null when no level has one (any model)
 * @param tags every level's tags, nearer levels winning per label
 * @param parameters the sampling parameters its requests take where they set none, each from the nearest level
 * @param scopes every level's limits, endpoint first, tenant last (only levels that set one); each level's own
 *               limits count for all its callers together
 */
public record Endpoint(String tenant, String team, List<String> groups, String name, String alias, String upstream,
                       List<String> models, Map<String, String> tags, DefaultParameters parameters,
                       List<QuotaScope> scopes) {

    /** Checks the parts and keeps unmodifiable copies. */
    public Endpoint {
        requireNonNull(tenant, "tenant");
        requireNonNull(team, "team");
        groups = List.copyOf(groups);
        requireNonNull(name, "name");
        models = models == null ? null : List.copyOf(models);
        tags = Map.copyOf(tags);
        requireNonNull(parameters, "parameters");
        scopes = List.copyOf(scopes);
    }

    /** Returns its path, e.g. {@code acme/search/backend/indexer}, unique in the grouping. */
    public String path() {
        final StringBuilder path = new StringBuilder(tenant).append('/').append(team);
        groups.forEach(group -> path.append('/').append(group));
        return path.append('/').append(name).toString();
    }

    /** Returns whether its callers may name {@code model}: any when no level has an allowlist; its upstream always. */
    public boolean allows(String model) {
        return models == null || models.contains(model) || model.equals(upstream);
    }

    /** Returns the model a request that names {@code requested} goes to: the requested one, else the upstream. */
    public String modelFor(String requested) {
        return requested == null || requested.isEmpty() ? upstream : requested;
    }
}
