package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

/**
 * One entry of the {@code models} list of the configuration: a name callers use, and where it goes.
 *
 * @param name the name callers put in {@code model}
 * @param provider the configured provider that serves it
 * @param providerModel the provider's own name of the model
 */
public record ModelRoute(String name, String provider, String providerModel) {

    /** Checks that every part is present. */
    public ModelRoute {
        requireNonNull(name, "name");
        requireNonNull(provider, "provider");
        requireNonNull(providerModel, "providerModel");
    }
}
