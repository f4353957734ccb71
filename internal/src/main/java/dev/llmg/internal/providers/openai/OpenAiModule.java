package dev.llmg.internal.providers.openai;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes OpenAI (and servers speaking its API) to the provider types that configs can name. */
@Module
public interface OpenAiModule {

    /** Registers the OpenAI client under {@code type: openai}. */
    @Binds
    @IntoMap
    @StringKey("openai")
    ProviderFactory openAi(OpenAiProviderFactory factory);

    /** Creates the connections all OpenAI providers share. */
    @Provides
    @Singleton
    static OpenAiConnections connections() {
        return OpenAiConnections.create();
    }

    /** Closes the shared connections at shutdown. */
    @Provides
    @IntoSet
    static AutoCloseable closeConnections(OpenAiConnections connections) {
        return connections;
    }
}
