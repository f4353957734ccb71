package dev.llmg.internal.embeddings;

import javax.inject.Singleton;

import dagger.Module;
import dagger.Provides;
import dev.llmg.internal.config.ConfigSection;

/** Provides what the embeddings use case reads from the configuration. */
@Module
public interface EmbeddingsModule {

    /** Reads the {@code limits.embeddings} section once. */
    @Provides
    @Singleton
    static EmbeddingsLimits embeddingsLimits(ConfigSection root) {
        return EmbeddingsLimits.from(root);
    }
}
