package dev.llmg.internal.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmg.internal.auth.grouping.EndpointSettings;
import dev.llmg.internal.auth.grouping.GroupSettings;
import dev.llmg.internal.auth.grouping.TeamSettings;
import dev.llmg.internal.auth.grouping.TenantSettings;

/**
 * Turns the admin API's flat rows of levels into the trees the grouping is built from, and trees back into rows.
 * A stored level whose parent is only in config gets an empty stand-in for it (no settings of its own), which
 * {@link dev.llmg.internal.auth.grouping.TenantTrees#merge} lays over config's level without changing it.
 */
public final class LevelTrees {

    private LevelTrees() {}

    /** Returns the tenants {@code levels} (any order) make. */
    public static List<TenantSettings> build(List<AdminLevel> levels) {
        final Node top = new Node(null);
        for (AdminLevel level : levels) {
            node(top, level.path(), level.depth()).level = level;
        }
        final List<TenantSettings> tenants = new ArrayList<>();
        top.children.values().forEach(tenant -> tenants.add(tenant(tenant)));
        return tenants;
    }

    /** Returns every level of {@code tenants}, each parent before its children. */
    public static List<AdminLevel> flatten(List<TenantSettings> tenants) {
        final List<AdminLevel> levels = new ArrayList<>();
        for (TenantSettings tenant : tenants) {
            levels.add(new AdminLevel(tenant.name(), LevelDepth.TENANT, null, tenant.upstream(), tenant.models(),
                                      tenant.tags(), tenant.limits(), tenant.parameters()));
            for (TeamSettings team : tenant.teams()) {
                final String path = tenant.name() + '/' + team.name();
                levels.add(new AdminLevel(path, LevelDepth.TEAM, null, team.upstream(), team.models(), team.tags(),
                                          team.limits(), team.parameters()));
                groups(path, team.groups(), levels);
            }
        }
        return levels;
    }

    private static void groups(String parent, List<GroupSettings> groups, List<AdminLevel> levels) {
        for (GroupSettings group : groups) {
            final String path = parent + '/' + group.name();
            levels.add(new AdminLevel(path, LevelDepth.GROUP, null, group.upstream(), group.models(), group.tags(),
                                      group.limits(), group.parameters()));
            groups(path, group.groups(), levels);
            for (EndpointSettings endpoint : group.endpoints()) {
                levels.add(new AdminLevel(path + '/' + endpoint.name(), LevelDepth.ENDPOINT, endpoint.alias(),
                                          endpoint.upstream(), endpoint.models(), endpoint.tags(),
                                          endpoint.limits(), endpoint.parameters()));
            }
        }
    }

    /** Finds or makes the node at {@code path}, with stand-ins for missing ancestors (all groups below a team). */
    private static Node node(Node top, String path, LevelDepth depth) {
        final String[] parts = path.split("/");
        Node node = top;
        for (int i = 0; i < parts.length; i++) {
            final LevelDepth partDepth = i == parts.length - 1 ? depth
                                         : i == 0 ? LevelDepth.TENANT : i == 1 ? LevelDepth.TEAM : LevelDepth.GROUP;
            final String name = parts[i];
            final Node parent = node;
            node = parent.children.computeIfAbsent(name + '#' + partDepth, key -> new Node(name));
            node.depth = partDepth;
        }
        return node;
    }

    private static TenantSettings tenant(Node node) {
        final AdminLevel own = node.own(LevelDepth.TENANT);
        final List<TeamSettings> teams = new ArrayList<>();
        node.children.values().forEach(team -> teams.add(team(team)));
        return new TenantSettings(node.name, own.upstream(), own.models(), own.tags(), own.limits(), own.parameters(),
                                  teams);
    }

    private static TeamSettings team(Node node) {
        final AdminLevel own = node.own(LevelDepth.TEAM);
        return new TeamSettings(node.name, own.upstream(), own.models(), own.tags(), own.limits(), own.parameters(),
                                groups(node));
    }

    private static List<GroupSettings> groups(Node node) {
        final List<GroupSettings> groups = new ArrayList<>();
        for (Node child : node.children.values()) {
            if (child.depth == LevelDepth.GROUP) {
                final AdminLevel own = child.own(LevelDepth.GROUP);
                final List<EndpointSettings> endpoints = new ArrayList<>();
                for (Node leaf : child.children.values()) {
                    if (leaf.depth == LevelDepth.ENDPOINT) {
                        final AdminLevel settings = leaf.own(LevelDepth.ENDPOINT);
                        endpoints.add(new EndpointSettings(leaf.name, settings.alias(), settings.upstream(),
                                                           settings.models(), settings.tags(), settings.limits(),
                                                           settings.parameters(), List.of()));
                    }
                }
                groups.add(new GroupSettings(child.name, own.upstream(), own.models(), own.tags(), own.limits(),
                                             own.parameters(), groups(child), endpoints));
            }
        }
        return groups;
    }

    /** A level being assembled: its stored row, if any, and its children by name and depth. */
    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        LevelDepth depth;
        AdminLevel level;

        Node(String name) {
            this.name = name;
        }

        AdminLevel own(LevelDepth expected) {
            return level != null ? level : new AdminLevel(name, expected, null, null, null, null, null, null);
        }
    }
}
