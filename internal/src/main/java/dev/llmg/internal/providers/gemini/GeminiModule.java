package dev.llmg.internal.providers.gemini;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes Google's Gemini API to the provider types that configs can name. */
@Module
public interface GeminiModule {

    /** Registers the Gemini client under {@code type: gemini}. */
    @Binds
    @IntoMap
    @StringKey("gemini")
    ProviderFactory gemini(GeminiProviderFactory factory);
}
