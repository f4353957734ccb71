package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One provider or model kept in the database: its name, its settings as config would write them (without the
 * name, which is the key), and whether it is left out of the configuration in use.
 *
 * @param name the provider's or model's name
 * @param settings the settings object; never changed once made (callers copy before editing)
 * @param disabled whether it is kept but not used
 */
public record CatalogEntry(String name, ObjectNode settings, boolean disabled) {

    /** Checks the parts. */
    public CatalogEntry {
        requireNonNull(name, "name");
        requireNonNull(settings, "settings");
    }
}
