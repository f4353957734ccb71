package dev.llmg.internal.admin.catalog;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.admin.CatalogAdministration;
import dev.llmg.internal.config.ConfigOverlay;
import dev.llmg.internal.server.RouteContributor;

/**
 * Provides the admin API's providers and models: kept in the database, overlaid on every loaded configuration, and
 * refreshed from the database while the server runs.
 */
@Module
public interface CatalogModule {

    /** Serves the admin API's provider and model methods. */
    @Binds
    CatalogAdministration catalogAdministration(DatabaseCatalog catalog);

    /** Adds the database's providers and models to every loaded configuration. */
    @Binds
    @IntoSet
    ConfigOverlay catalogOverlay(CatalogOverlay overlay);

    /** Polls for other replicas' changes while the server runs. */
    @Binds
    @IntoSet
    RouteContributor catalogRefresh(CatalogRefresh refresh);
}
