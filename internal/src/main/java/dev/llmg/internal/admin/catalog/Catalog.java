package dev.llmg.internal.admin.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the providers and models kept in the database, by name; changes make new snapshots, so the one in
 * use can be shared without locks and compared with what the database holds now.
 *
 * @param providers the providers by name
 * @param models the models by name
 */
public record Catalog(Map<String, CatalogEntry> providers, Map<String, CatalogEntry> models) {

    /** The catalog of an empty (or unreachable) database. */
    public static final Catalog EMPTY = new Catalog(Map.of(), Map.of());

    /** Copies the maps, sorted by name. */
    public Catalog {
        providers = Collections.unmodifiableMap(new TreeMap<>(providers));
        models = Collections.unmodifiableMap(new TreeMap<>(models));
    }

    /** Returns the entries of {@code kind}. */
    public Map<String, CatalogEntry> of(CatalogKind kind) {
        return kind == CatalogKind.PROVIDER ? providers : models;
    }

    /** Returns this catalog with {@code entry} added to (or replacing its namesake in) {@code kind}'s entries. */
    public Catalog with(CatalogKind kind, CatalogEntry entry) {
        final Map<String, CatalogEntry> changed = new TreeMap<>(of(kind));
        changed.put(entry.name(), entry);
        return kind == CatalogKind.PROVIDER ? new Catalog(changed, models) : new Catalog(providers, changed);
    }

    /** Returns this catalog without the entry of {@code kind} named {@code name}. */
    public Catalog without(CatalogKind kind, String name) {
        final Map<String, CatalogEntry> changed = new TreeMap<>(of(kind));
        changed.remove(name);
        return kind == CatalogKind.PROVIDER ? new Catalog(changed, models) : new Catalog(providers, changed);
    }
}
