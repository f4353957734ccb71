package dev.llmg.internal.api.openai;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.server.RouteContributor;

/** Contributes the OpenAI-compatible REST API ({@code /v1}) to the server's routes. */
@Module
public interface OpenAiApiModule {

    /** Adds the {@code /v1} routes. */
    @Binds
    @IntoSet
    RouteContributor openAiRoutes(OpenAiRoutes routes);
}
