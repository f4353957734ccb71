package dev.llmg.internal.admin;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.CreateLevelRequest;
import dev.llmg.api.gateway.v1.CreateLevelResponse;
import dev.llmg.api.gateway.v1.DeleteLevelRequest;
import dev.llmg.api.gateway.v1.DeleteLevelResponse;
import dev.llmg.api.gateway.v1.Level;
import dev.llmg.api.gateway.v1.ListLevelsRequest;
import dev.llmg.api.gateway.v1.ListLevelsResponse;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.api.gateway.v1.UpdateLevelRequest;
import dev.llmg.api.gateway.v1.UpdateLevelResponse;
import dev.llmg.internal.auth.KeyDirectory;
import dev.llmg.internal.auth.grouping.TenantTrees;
import dev.llmg.internal.routing.ModelDirectory;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * AdminService's level methods: creates, lists, updates and deletes the tenants, teams, groups and endpoints the
 * admin API manages, checked against config's (read-only here) and the configured models, and puts each change in
 * use on this replica before answering. Blocks on the database.
 */
final class LevelAdministration {

    private static final String NAME = "[A-Za-z0-9._-]{1,64}";

    private final GroupingStore store;
    private final KeyDirectory keys;
    private final ModelDirectory models;
    private final GroupingRefresh refresh;

    @Inject
    LevelAdministration(GroupingStore store, KeyDirectory keys, ModelDirectory models, GroupingRefresh refresh) {
        this.store = requireNonNull(store, "store");
        this.keys = requireNonNull(keys, "keys");
        this.models = requireNonNull(models, "models");
        this.refresh = requireNonNull(refresh, "refresh");
    }

    /** Lists config's and the database's levels merged, parents first. */
    ListLevelsResponse list(ListLevelsRequest request) {
        final List<AdminLevel> stored = store.levels();
        final Set<String> storedPaths = stored.stream().map(AdminLevel::path).collect(Collectors.toSet());
        final Set<String> configPaths = configLevels().keySet();
        final ListLevelsResponse.Builder response = ListLevelsResponse.newBuilder();
        for (AdminLevel level : LevelTrees.flatten(TenantTrees.merge(keys.configTenants(),
                                                                     LevelTrees.build(stored)))) {
            if (request.getUnder().isEmpty() || AdminLevel.isUnder(level.path(), request.getUnder())) {
                response.addLevels(AdminMessages.level(level, source(level.path(), configPaths, storedPaths)));
            }
        }
        return response.build();
    }

    /** Creates a level under an existing parent, or lays settings over a config level at the same path. */
    CreateLevelResponse create(CreateLevelRequest request, String actor) {
        if (!request.hasLevel()) {
            throw AdminMessages.invalid("level", "is required");
        }
        final Level message = request.getLevel();
        final String path = checkedPath(message.getPath(), "level.path");
        final Map<String, AdminLevel> config = configLevels();
        final AdminLevel inConfig = config.get(path);
        final LevelDepth depth = depthOf(path, AdminMessages.depth(message.getKind()),
                                         inConfig == null ? null : inConfig.depth());
        final String parentPath = AdminLevel.parentOf(path);
        if (parentPath != null) {
            final LevelDepth parent = parentDepth(parentPath, config);
            if (parent == null) {
                throw AdminMessages.invalid("level.path", "its parent '" + parentPath + "' does not exist: create "
                                                          + "it first");
            }
            if (!depth.fitsUnder(parent)) {
                throw AdminMessages.invalid("level.kind", "a " + depth.column() + " cannot sit inside a "
                                                          + parent.column() + " ('" + parentPath + "')");
            }
        }
        final AdminLevel level = AdminMessages.level(message, depth);
        checkModels(level);
        store.insertLevel(level, actor, SettingsJson.text(SettingsJson.detail(level)));
        refresh.refreshNow();
        return CreateLevelResponse.newBuilder()
                                  .setLevel(AdminMessages.level(level, inConfig == null ? Source.SOURCE_DATABASE
                                                                                        : Source.SOURCE_MERGED))
                                  .build();
    }

    /** Replaces the settings of a level the admin API created; config's levels are read-only. */
    UpdateLevelResponse update(UpdateLevelRequest request, String actor) {
        if (!request.hasLevel()) {
            throw AdminMessages.invalid("level", "is required");
        }
        final Level message = request.getLevel();
        final String path = checkedPath(message.getPath(), "level.path");
        final AdminLevel stored = store.levels().stream().filter(level -> level.path().equals(path)).findFirst()
                                       .orElseThrow(() -> notStored(path));
        final LevelDepth asked = AdminMessages.depth(message.getKind());
        if (asked != null && asked != stored.depth()) {
            throw AdminMessages.invalid("level.kind", "the level at '" + path + "' is a " + stored.depth().column()
                                                      + "; its kind cannot change");
        }
        final AdminLevel level = AdminMessages.level(message, stored.depth());
        checkModels(level);
        store.updateLevel(level, actor, SettingsJson.text(SettingsJson.detail(level)));
        refresh.refreshNow();
        final Source source = configLevels().containsKey(path) ? Source.SOURCE_MERGED : Source.SOURCE_DATABASE;
        return UpdateLevelResponse.newBuilder().setLevel(AdminMessages.level(level, source)).build();
    }

    /** Deletes a level the admin API created and those under it, with the keys that lose their endpoint. */
    DeleteLevelResponse delete(DeleteLevelRequest request, String actor) {
        final String path = checkedPath(request.getPath(), "path");
        final Map<String, AdminLevel> config = configLevels();
        if (store.levels().stream().noneMatch(level -> level.path().equals(path))) {
            throw notStored(path);
        }
        final int[] deleted = store.deleteLevels(path, endpoint -> !config.containsKey(endpoint), actor);
        refresh.refreshNow();
        return DeleteLevelResponse.newBuilder().setDeletedLevels(deleted[0]).setDeletedKeys(deleted[1]).build();
    }

    /** Returns the depth of the level at {@code path}, in the database or config, or null when there is none. */
    LevelDepth existingDepth(String path) {
        return parentDepth(path, configLevels());
    }

    private LevelDepth parentDepth(String path, Map<String, AdminLevel> config) {
        final AdminLevel inConfig = config.get(path);
        if (inConfig != null) {
            return inConfig.depth();
        }
        return store.levels().stream().filter(level -> level.path().equals(path)).map(AdminLevel::depth)
                    .findFirst().orElse(null);
    }

    private Map<String, AdminLevel> configLevels() {
        final Map<String, AdminLevel> levels = new LinkedHashMap<>();
        LevelTrees.flatten(keys.configTenants()).forEach(level -> levels.put(level.path(), level));
        return levels;
    }

    private void checkModels(AdminLevel level) {
        if (level.upstream() != null && models.find(level.upstream()).isEmpty()) {
            throw AdminMessages.invalid("level.upstream", "no model or model group '" + level.upstream()
                                                          + "' is configured");
        }
        if (level.models() != null) {
            for (String model : level.models()) {
                if (models.find(model).isEmpty()) {
                    throw AdminMessages.invalid("level.allowlist.models", "no model or model group '" + model
                                                                          + "' is configured");
                }
            }
        }
    }

    private GatewayException notStored(String path) {
        if (configLevels().containsKey(path)) {
            return new GatewayException(ErrorKind.FAILED_PRECONDITION, "config_level_read_only", "path",
                                        "the level '" + path + "' is written in the configuration file and is "
                                        + "read-only here: change the file, or create a level at the same path to "
                                        + "lay settings over it", null);
        }
        return new GatewayException(ErrorKind.NOT_FOUND, "level_not_found", "path", "no level at '" + path + "'",
                                    null);
    }

    private static Source source(String path, Set<String> config, Set<String> stored) {
        if (config.contains(path)) {
            return stored.contains(path) ? Source.SOURCE_MERGED : Source.SOURCE_CONFIG;
        }
        return Source.SOURCE_DATABASE;
    }

    /** Returns the depth a level at {@code path} has, checking the kind asked for and the config level's. */
    private static LevelDepth depthOf(String path, LevelDepth asked, LevelDepth inConfig) {
        final int parts = path.split("/").length;
        final LevelDepth byPath = parts == 1 ? LevelDepth.TENANT : parts == 2 ? LevelDepth.TEAM : null;
        final LevelDepth depth = asked != null ? asked : byPath != null ? byPath : inConfig;
        if (depth == null) {
            throw AdminMessages.invalid("level.kind", "is required below a team: LEVEL_KIND_GROUP or "
                                                      + "LEVEL_KIND_ENDPOINT");
        }
        if (byPath != null && depth != byPath || byPath == null && parts < 3
            || depth == LevelDepth.ENDPOINT && parts < 4 || (depth == LevelDepth.TENANT || depth == LevelDepth.TEAM)
                                                            && byPath == null) {
            throw AdminMessages.invalid("level.kind", "a level at '" + path + "' (" + parts + " parts) cannot be a "
                                                      + depth.column());
        }
        if (inConfig != null && inConfig != depth) {
            throw AdminMessages.invalid("level.kind", "'" + path + "' is a " + inConfig.column()
                                                      + " in the configuration file");
        }
        return depth;
    }

    private static String checkedPath(String path, String field) {
        if (path.isEmpty()) {
            throw AdminMessages.invalid(field, "is required, e.g. acme/search/backend/indexer");
        }
        for (String part : path.split("/", -1)) {
            if (!part.matches(NAME)) {
                throw AdminMessages.invalid(field, "each part of '" + path + "' must be 1 to 64 letters, digits, "
                                                   + "dots, underscores or dashes");
            }
        }
        return path;
    }
}
