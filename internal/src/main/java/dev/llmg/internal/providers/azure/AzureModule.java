package dev.llmg.internal.providers.azure;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes Azure OpenAI to the provider types that configs can name. */
@Module
public interface AzureModule {

    /** Registers the Azure OpenAI client under {@code type: azure}. */
    @Binds
    @IntoMap
    @StringKey("azure")
    ProviderFactory azure(AzureProviderFactory factory);
}
