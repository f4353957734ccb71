package dev.llmg.internal.server;

import java.io.Flushable;
import java.util.Set;

import javax.inject.Singleton;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;

/** Provides the Armeria server, and what flushes and closes after it stops, in that order. */
@Module
public interface ServerModule {

    /** Declares the resources each concern contributes for closing at shutdown (pools, clients). */
    @Multibinds
    Set<AutoCloseable> closeables();

    /** Declares what must flush after the server has drained and before anything closes (inference records). */
    @Multibinds
    Set<Flushable> flushables();

    /** Declares the concerns that follow a reloaded configuration. */
    @Multibinds
    Set<Reloadable> reloadables();

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
