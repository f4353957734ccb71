package dev.llmg.internal.ui;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.server.RouteContributor;

/** Contributes the dashboard ({@code /ui}) to the server. */
@Module
public interface DashboardModule {

    /** Serves {@code /ui}. */
    @Binds
    @IntoSet
    RouteContributor dashboard(DashboardRoute route);
}
