package dev.llmg.internal.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ProviderRegistry;

/**
 * The models callers can ask for, from the {@code models} list of the configuration, sorted by name.
 *
 * <p>It is validated against the providers at start-up, so a model that names no provider stops llmg with
 * a message instead of failing on the first request.
 */
public final class ModelCatalog {

    private final TreeMap<String, ModelRoute> routes;

    private ModelCatalog(TreeMap<String, ModelRoute> routes) {
        this.routes = routes;
    }

    /** Reads {@code models[*]}: {@code name}, {@code provider}, and {@code provider_model} (default: the name). */
    public static ModelCatalog fromConfig(ConfigSection root, ProviderRegistry providers) {
        final TreeMap<String, ModelRoute> routes = new TreeMap<>();
        for (ConfigSection model : root.list("models")) {
            model.allowOnly("name", "provider", "provider_model");
            final String name = model.requiredString("name");
            final String provider = model.requiredString("provider");
            if (providers.get(provider).isEmpty()) {
                throw new ConfigException(model.pathOf("provider"), "no provider named '" + provider
                                                                    + "' in providers; configured: " + providers.all().keySet());
            }
            final ModelRoute route = new ModelRoute(name, provider, model.string("provider_model", name));
            if (routes.put(name, route) != null) {
                throw new ConfigException(model.pathOf("name"), "model '" + name + "' is listed twice");
            }
        }
        return new ModelCatalog(routes);
    }

    /** Returns the route of the model named {@code name}. */
    public Optional<ModelRoute> find(String name) {
        return Optional.ofNullable(routes.get(name));
    }

    /** Returns every model, sorted by name. */
    public List<ModelRoute> all() {
        return Collections.unmodifiableList(new ArrayList<>(routes.values()));
    }

    /** Returns the models whose name sorts after {@code name}, at most {@code limit} of them. */
    public List<ModelRoute> after(String name, int limit) {
        final List<ModelRoute> page = new ArrayList<>(Math.min(limit, routes.size()));
        for (ModelRoute route : (name.isEmpty() ? routes : routes.tailMap(name, false)).values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(route);
        }
        return page;
    }
}
