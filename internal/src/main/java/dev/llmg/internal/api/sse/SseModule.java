package dev.llmg.internal.api.sse;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.server.RouteContributor;

/** Contributes the Server-Sent Events route of the native chat API to the server. */
@Module
public interface SseModule {

    /** Serves {@code POST /api/v1/chat/completions:stream}. */
    @Binds
    @IntoSet
    RouteContributor sseChat(SseChatRoute route);
}
