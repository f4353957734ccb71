package dev.llmg.internal.api.graphql;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.server.RouteContributor;

/** Contributes the GraphQL endpoint ({@code /graphql}) to the server, configured by {@code server.graphql}. */
@Module
public interface GraphqlModule {

    /** Serves {@code /graphql}. */
    @Binds
    @IntoSet
    RouteContributor graphql(GraphqlRoute route);

    /** Reads the {@code server.graphql} section once. */
    @Provides
    @Singleton
    static GraphqlSettings graphqlSettings(ConfigSection root) {
        return GraphqlSettings.from(root);
    }
}
