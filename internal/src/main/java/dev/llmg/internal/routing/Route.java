package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

/**
 * Where one request goes: the provider, its model, and why that target was chosen.
 *
 * @param <P> the provider capability the request needs, e.g. {@link dev.llmg.spi.ChatProvider} or
 *            {@link dev.llmg.spi.EmbeddingProvider}
 * @param providerName the configured provider's name, for metadata, traces and records
 * @param provider the client to call
 * @param providerModel the provider's own name of the model
 * @param explanation the routing decision in words, returned to the caller in the gateway metadata
 */
public record Route<P>(String providerName, P provider, String providerModel, String explanation) {

    /** Checks that every part is present. */
    public Route {
        requireNonNull(providerName, "providerName");
        requireNonNull(provider, "provider");
        requireNonNull(providerModel, "providerModel");
        requireNonNull(explanation, "explanation");
    }
}
