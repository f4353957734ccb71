package dev.llmg.internal.providers.compatible;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes OpenAI-compatible servers to the provider types that configs can name. */
@Module
public interface CompatibleModule {

    /** Registers the client of OpenAI-compatible servers under {@code type: openai-compatible}. */
    @Binds
    @IntoMap
    @StringKey("openai-compatible")
    ProviderFactory compatible(CompatibleProviderFactory factory);
}
