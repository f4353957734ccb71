package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;
import javax.inject.Provider;

import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.LiveRoutingTable;

/**
 * Tells the GenAI conventions' {@code gen_ai.provider.name} of a configured provider (say {@code openai-east},
 * of type {@code openai}, is {@code openai}) from the routing table in force, so that a reload is followed.
 */
final class ProviderNames {

    private final Provider<LiveRoutingTable> routing;

    @Inject
    ProviderNames(Provider<LiveRoutingTable> routing) {
        this.routing = requireNonNull(routing, "routing");
    }

    /** Returns the conventions' name of the provider configured as {@code provider}; its own name when unknown. */
    String genAiName(String provider) {
        return routing.get().current().providers().get(provider).map(ConfiguredProvider::type)
                      .map(GenAi::providerName).orElse(provider);
    }
}
