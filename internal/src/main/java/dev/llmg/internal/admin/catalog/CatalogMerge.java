package dev.llmg.internal.admin.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.internal.config.ConfigSection;

/**
 * Adds a catalog's entries to a loaded configuration as config itself would hold them: providers under
 * {@code providers.<name>}, models appended to {@code models}. The file wins a name both hold (the admin API refuses
 * to make such an entry, but a later file may add one). Disabled entries are left out, and so are the database's
 * models that name a disabled database provider: disabling a provider takes its models out of use with it.
 */
final class CatalogMerge {

    /**
     * The merged configuration and the names of its models in order, so that a refusal naming {@code models[i]} can
     * be traced to its entry.
     */
    record Merged(ConfigSection root, List<String> modelNames) {}

    private CatalogMerge() {}

    /** Returns {@code loaded} with {@code catalog}'s entries in use added. */
    static Merged merge(ConfigSection loaded, Catalog catalog) {
        final ObjectNode tree = loaded.tree();
        final Set<String> disabledProviders = new HashSet<>();
        if (!catalog.providers().isEmpty() && (!tree.has("providers") || tree.get("providers").isObject())) {
            final ObjectNode providers = tree.has("providers") ? (ObjectNode) tree.get("providers")
                                                               : tree.putObject("providers");
            for (CatalogEntry entry : catalog.providers().values()) {
                if (providers.has(entry.name())) {
                    continue;
                }
                if (entry.disabled()) {
                    disabledProviders.add(entry.name());
                } else {
                    providers.set(entry.name(), entry.settings().deepCopy());
                }
            }
        }
        final List<String> names = new ArrayList<>();
        if (!tree.has("models") || tree.get("models").isArray()) {
            final ArrayNode models = tree.has("models") ? (ArrayNode) tree.get("models") : tree.putArray("models");
            models.forEach(model -> names.add(model.path("name").asText("")));
            final Set<String> inFile = new HashSet<>(names);
            for (CatalogEntry entry : catalog.models().values()) {
                if (entry.disabled() || inFile.contains(entry.name())
                    || usesAny(entry.settings(), disabledProviders)) {
                    continue;
                }
                final ObjectNode model = models.addObject();
                model.put("name", entry.name());
                entry.settings().fields().forEachRemaining(field -> {
                    if (!"name".equals(field.getKey())) {
                        model.set(field.getKey(), field.getValue().deepCopy());
                    }
                });
                names.add(entry.name());
            }
            if (models.isEmpty() && !loaded.has("models")) {
                tree.remove("models");
            }
        }
        return new Merged(loaded.withTree(tree), names);
    }

    /** Returns whether a model's settings name one of {@code providers}, as its provider or a target's. */
    static boolean usesAny(ObjectNode model, Set<String> providers) {
        if (providers.contains(model.path("provider").asText(""))) {
            return true;
        }
        for (JsonNode target : model.path("targets")) {
            if (providers.contains(target.path("provider").asText(""))) {
                return true;
            }
        }
        return false;
    }
}
