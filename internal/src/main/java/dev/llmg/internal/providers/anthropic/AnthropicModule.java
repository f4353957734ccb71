package dev.llmg.internal.providers.anthropic;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes Anthropic's Messages API to the provider types that configs can name. */
@Module
public interface AnthropicModule {

    /** Registers the Anthropic client under {@code type: anthropic}. */
    @Binds
    @IntoMap
    @StringKey("anthropic")
    ProviderFactory anthropic(AnthropicProviderFactory factory);
}
