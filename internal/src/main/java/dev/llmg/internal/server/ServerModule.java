package dev.llmg.internal.server;

import java.util.Set;

import javax.inject.Singleton;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.llmg.internal.config.ConfigSection;

/** Provides the Armeria server and the set of things to close after it stops. */
@Module
public interface ServerModule {

    /** Declares the resources each concern contributes for closing at shutdown (pools, clients). */
    @Multibinds
    Set<AutoCloseable> closeables();

    /** Declares the routes protocol adapters contribute besides the gRPC services. */
    @Multibinds
    Set<RouteContributor> routeContributors();

    /** Reads the {@code server} section once. */
    @Provides
    @Singleton
    static ServerSettings serverSettings(ConfigSection root) {
        return ServerSettings.from(root);
    }

    /** Builds the server on the configured port; it is started by {@code main}. */
    @Provides
    @Singleton
    static Server server(GatewayServerConfigurator configurator, ServerSettings settings) {
        final ServerBuilder sb = Server.builder().http(settings.port());
        configurator.configure(sb);
        return sb.build();
    }
}
