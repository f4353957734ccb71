package dev.llmg.internal.providers.openai;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
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
}
