package dev.llmg.internal.providers.bedrock;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.llmg.internal.providers.ProviderFactory;

/** Contributes AWS Bedrock to the provider types that configs can name. */
@Module
public interface BedrockModule {

    /** Registers the Bedrock client under {@code type: bedrock}. */
    @Binds
    @IntoMap
    @StringKey("bedrock")
    ProviderFactory bedrock(BedrockProviderFactory factory);
}
