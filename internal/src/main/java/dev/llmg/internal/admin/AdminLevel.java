package dev.llmg.internal.admin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.auth.grouping.DefaultParameters;
import dev.llmg.internal.quota.QuotaLimits;

/**
 * One level of the grouping with its own settings (not what it inherits), as the admin API shows and stores it.
 *
 * @param path its place, e.g. {@code acme/search/backend/indexer}
 * @param depth what it is
 * @param alias an endpoint's second name, or null
 * @param upstream the model or model group its callers go to when they name none, or null to inherit
 * @param models its allowlist, or null to inherit
 * @param tags its labels
 * @param limits what its callers together may use
 * @param parameters sampling parameters for its callers' requests that set none
 */
public record AdminLevel(String path, LevelDepth depth, String alias, String upstream, List<String> models,
                         Map<String, String> tags, QuotaLimits limits, DefaultParameters parameters) {

    /** Checks the parts and keeps unmodifiable copies. */
    public AdminLevel {
        requireNonNull(path, "path");
        requireNonNull(depth, "depth");
        alias = alias == null || alias.isEmpty() ? null : alias;
        upstream = upstream == null || upstream.isEmpty() ? null : upstream;
        models = models == null ? null : List.copyOf(models);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        limits = limits == null ? QuotaLimits.none() : limits;
        parameters = parameters == null ? DefaultParameters.none() : parameters;
    }

    /** Returns the path of the level it sits in, or null for a tenant. */
    public String parentPath() {
        return parentOf(path);
    }

    /** Returns its last part. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Returns the path of the level {@code path} sits in, or null for a tenant's. */
    public static String parentOf(String path) {
        final int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    /** Returns whether {@code path} is {@code top} or lies under it. */
    public static boolean isUnder(String path, String top) {
        return path.equals(top) || path.startsWith(top + '/');
    }
}
