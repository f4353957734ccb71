package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmg.internal.config.ConfigOverlay;
import dev.llmg.internal.config.ConfigSection;

/**
 * The database's providers and models as the reloader applies them to every loaded configuration: at start-up
 * (read from the database then; a database that cannot be reached leaves them out until {@link CatalogRefresh}
 * reads them) and at every reload, from the catalog in use, so that a file change keeps them.
 */
@Singleton
public final class CatalogOverlay implements ConfigOverlay {

    private static final Logger logger = LoggerFactory.getLogger(CatalogOverlay.class);

    private final CatalogStore store;
    private volatile Catalog inUse;
    private volatile ConfigSection loaded;

    @Inject
    CatalogOverlay(CatalogStore store) {
        this.store = requireNonNull(store, "store");
    }

    @Override
    public ConfigSection applyTo(ConfigSection loaded) {
        this.loaded = loaded;
        return CatalogMerge.merge(loaded, catalog()).root();
    }

    /** Returns the catalog in use, reading it on first use. */
    public Catalog catalog() {
        Catalog catalog = inUse;
        if (catalog == null) {
            synchronized (this) {
                if (inUse == null) {
                    inUse = readOrEmpty();
                }
                catalog = inUse;
            }
        }
        return catalog;
    }

    /** Returns the configuration as last loaded from its source, before this overlay: where config's entries are. */
    public ConfigSection loaded() {
        final ConfigSection root = loaded;
        if (root == null) {
            throw new IllegalStateException("no configuration was loaded yet");
        }
        return root;
    }

    /** Makes {@code catalog} the one applied from now on; called once the reloader has put it in use. */
    void use(Catalog catalog) {
        inUse = requireNonNull(catalog, "catalog");
    }

    /** Returns an overlay that applies {@code candidate} instead, to validate a change before it is made. */
    CandidateOverlay candidate(Catalog candidate) {
        return new CandidateOverlay(candidate);
    }

    private Catalog readOrEmpty() {
        try {
            return store.read();
        } catch (RuntimeException e) {
            logger.warn("Starting without the providers and models kept in the database, which could not be read "
                        + "(they are read again every refresh interval): {}", e.toString());
            return Catalog.EMPTY;
        }
    }

    /** An overlay of a candidate catalog that remembers the merged models' names, to explain a refusal. */
    static final class CandidateOverlay implements ConfigOverlay {

        private final Catalog catalog;
        private volatile CatalogMerge.Merged merged;

        CandidateOverlay(Catalog catalog) {
            this.catalog = requireNonNull(catalog, "catalog");
        }

        @Override
        public ConfigSection applyTo(ConfigSection loaded) {
            final CatalogMerge.Merged result = CatalogMerge.merge(loaded, catalog);
            merged = result;
            return result.root();
        }

        /** Returns the catalog it applies. */
        Catalog catalog() {
            return catalog;
        }

        /** Returns the name of the model at {@code index} of the merged {@code models}, or empty when unknown. */
        String modelAt(int index) {
            final CatalogMerge.Merged result = merged;
            return result == null || index >= result.modelNames().size() ? "" : result.modelNames().get(index);
        }
    }
}
