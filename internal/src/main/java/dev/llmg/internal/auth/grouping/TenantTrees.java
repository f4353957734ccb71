package dev.llmg.internal.auth.grouping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * Merges the grouping written in config with the one managed through the admin API: levels are matched by name
 * at each depth, and where both say something the database wins (its upstream, allowlist, tags, alias, limits and
 * each of its parameters replace config's), while children and keys of both are kept. So an operator can add a team under a tenant of
 * the config file, or tighten a level's limits at run time, without editing the file.
 */
public final class TenantTrees {

    private TenantTrees() {}

    /** Returns {@code config} with {@code database} merged over it. */
    public static List<TenantSettings> merge(List<TenantSettings> config, List<TenantSettings> database) {
        return byName(config, database, TenantSettings::name, (c, d) -> new TenantSettings(
                c.name(), nearer(d.upstream(), c.upstream()), nearer(d.models(), c.models()), tags(c.tags(), d.tags()),
                limits(c.limits(), d.limits()), d.parameters().over(c.parameters()),
                byName(c.teams(), d.teams(), TeamSettings::name, TenantTrees::team)));
    }

    private static TeamSettings team(TeamSettings c, TeamSettings d) {
        return new TeamSettings(c.name(), nearer(d.upstream(), c.upstream()), nearer(d.models(), c.models()),
                                tags(c.tags(), d.tags()), limits(c.limits(), d.limits()),
                                d.parameters().over(c.parameters()),
                                byName(c.groups(), d.groups(), GroupSettings::name, TenantTrees::group));
    }

    private static GroupSettings group(GroupSettings c, GroupSettings d) {
        return new GroupSettings(c.name(), nearer(d.upstream(), c.upstream()), nearer(d.models(), c.models()),
                                 tags(c.tags(), d.tags()), limits(c.limits(), d.limits()),
                                 d.parameters().over(c.parameters()),
                                 byName(c.groups(), d.groups(), GroupSettings::name, TenantTrees::group),
                                 byName(c.endpoints(), d.endpoints(), EndpointSettings::name, TenantTrees::endpoint));
    }

    private static EndpointSettings endpoint(EndpointSettings c, EndpointSettings d) {
        final List<String> keys = new ArrayList<>(c.keys());
        d.keys().stream().filter(key -> !keys.contains(key)).forEach(keys::add);
        return new EndpointSettings(c.name(), nearer(d.alias(), c.alias()), nearer(d.upstream(), c.upstream()),
                                    nearer(d.models(), c.models()), tags(c.tags(), d.tags()),
                                    limits(c.limits(), d.limits()), d.parameters().over(c.parameters()), keys);
    }

    /** Keeps config's order, then the database's new names; a name in both is merged. */
    private static <T> List<T> byName(List<T> config, List<T> database, Function<T, String> name,
                                      BinaryOperator<T> merge) {
        final Map<String, T> merged = new LinkedHashMap<>();
        config.forEach(level -> merged.put(name.apply(level), level));
        database.forEach(level -> merged.merge(name.apply(level), level, merge));
        return List.copyOf(merged.values());
    }

    private static <T> T nearer(T database, T config) {
        return database != null ? database : config;
    }

    private static Map<String, String> tags(Map<String, String> config, Map<String, String> database) {
        if (database.isEmpty()) {
            return config;
        }
        final Map<String, String> merged = new LinkedHashMap<>(config);
        merged.putAll(database);
        return merged;
    }

    private static QuotaLimits limits(QuotaLimits config, QuotaLimits database) {
        return database.isNone() ? config : database;
    }
}
