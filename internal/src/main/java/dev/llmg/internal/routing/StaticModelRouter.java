package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.stream.Collectors;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/** Routes each request by its model name alone, through the {@code models} list of the configuration. */
final class StaticModelRouter implements ModelRouter {

    private final ModelCatalog catalog;
    private final ProviderRegistry providers;

    @Inject
    StaticModelRouter(ModelCatalog catalog, ProviderRegistry providers) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.providers = requireNonNull(providers, "providers");
    }

    @Override
    public Route route(ChatRequest request) {
        final ModelRoute model = catalog.find(request.getModel()).orElseThrow(() -> new GatewayException(
                ErrorKind.NOT_FOUND, "model_not_found", "model",
                "model '" + request.getModel() + "' is not configured; available models: "
                + catalog.all().stream().map(ModelRoute::name).collect(Collectors.joining(", ")), null));
        final ConfiguredProvider provider = providers.get(model.provider()).orElseThrow();
        return provider.client()
                       .map(client -> new Route(provider.name(), client, model.providerModel(),
                                                "model " + model.name() + " is served by provider "
                                                + provider.name()))
                       .orElseThrow(() -> new GatewayException(
                               ErrorKind.FAILED_PRECONDITION, "provider_unavailable", "model",
                               "model '" + model.name() + "' needs provider '" + provider.name()
                               + "', which cannot be used: " + provider.unavailableReason().orElse("unknown"), null));
    }
}
