package dev.llmg.internal.api.ws;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.server.RouteContributor;
import dev.llmg.internal.server.ServerSettings;

/** Contributes the chat WebSocket of the native API to the server, configured by {@code server.websocket}. */
@Module
public interface WebSocketModule {

    /** Serves {@code /api/v1/ws}. */
    @Binds
    @IntoSet
    RouteContributor webSocketChat(WebSocketChatRoute route);

    /** Reads the {@code server.websocket} section once. */
    @Provides
    @Singleton
    static WebSocketSettings webSocketSettings(ConfigSection root, ServerSettings server) {
        return WebSocketSettings.from(root, server);
    }
}
