package dev.llmg.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Lists the models a provider offers, by the provider's own names. */
public interface ModelLister {

    /** Asks the provider which models it serves. */
    CompletableFuture<List<String>> listModels();
}
