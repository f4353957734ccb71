package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;
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
    public RoutePlan<ChatProvider> plan(ChatRequest request, Caller caller) {
        final ModelRoute model = find(request.getModel());
        final ConfiguredProvider provider = usableProvider(model);
        return single(model, provider, provider.client().orElseThrow());
    }

    @Override
    public RoutePlan<EmbeddingProvider> planEmbeddings(CreateEmbeddingsRequest request, Caller caller) {
        final ModelRoute model = find(request.getModel());
        final ConfiguredProvider provider = usableProvider(model);
        final EmbeddingProvider client = provider.embeddings().orElseThrow(() -> new GatewayException(
                ErrorKind.INVALID_ARGUMENT, "model_cannot_embed", "model",
                "model '" + model.name() + "' cannot make embeddings: its provider '" + provider.name()
                + "' (type " + provider.type() + ") answers chat only", null));
        return single(model, provider, client);
    }

    private static <P> RoutePlan<P> single(ModelRoute model, ConfiguredProvider provider, P client) {
        final Target target = new Target(provider.name(), model.providerModel());
        return new RoutePlan<>(model.name(), "", model.name(), "single",
                               List.of(new Candidate<>(target, client, model.name())), List.of(),
                               explain(model, provider));
    }

    private ModelRoute find(String name) {
        return catalog.find(name).orElseThrow(() -> new GatewayException(
                ErrorKind.NOT_FOUND, "model_not_found", "model",
                "model '" + name + "' is not configured; available models: "
                + catalog.all().stream().map(ModelRoute::name).collect(Collectors.joining(", ")), null));
    }

    private ConfiguredProvider usableProvider(ModelRoute model) {
        final ConfiguredProvider provider = providers.get(model.provider()).orElseThrow();
        if (provider.client().isEmpty()) {
            throw new GatewayException(
                    ErrorKind.FAILED_PRECONDITION, "provider_unavailable", "model",
                    "model '" + model.name() + "' needs provider '" + provider.name()
                    + "', which cannot be used: " + provider.unavailableReason().orElse("unknown"), null);
        }
        return provider;
    }

    private static String explain(ModelRoute model, ConfiguredProvider provider) {
        return "model " + model.name() + " is served by provider " + provider.name();
    }
}
