package dev.llmg.internal.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.ModelSettings;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.RoutingSettings;
import dev.llmg.internal.routing.config.RuleSettings;
import dev.llmg.internal.routing.config.TargetSettings;
import dev.llmg.internal.routing.health.TargetHealthRegistry;

/**
 * One consistent snapshot of what routing works from: the models callers can ask for (each a group of
 * targets, resolved against the providers and the table of well-known models), the routing settings and
 * rules, and the providers. A call uses the snapshot it started with, even when a reload replaces it.
 *
 * <p>It is validated when built, so that a model naming an unknown provider, a fallback or rule naming an
 * unknown model stops start-up (or is refused by a reload) with a message naming the key.
 */
public final class RoutingTable {

    private final TreeMap<String, ModelGroup> groups;
    private final RoutingSettings settings;
    private final ProviderRegistry providers;

    private RoutingTable(TreeMap<String, ModelGroup> groups, RoutingSettings settings, ProviderRegistry providers) {
        this.groups = groups;
        this.settings = settings;
        this.providers = providers;
    }

    /**
     * Reads {@code models} and {@code routing} from the configuration, resolves every target against
     * {@code providers} and {@code facts}, and takes each target's health from {@code health}.
     */
    public static RoutingTable fromConfig(ConfigSection root, ProviderRegistry providers, TargetHealthRegistry health,
                                          ModelFacts facts) {
        final ModelSettings[] models = root.bind("models", ModelSettings[].class, new ModelSettings[0]);
        final RoutingSettings settings = root.bind("routing", RoutingSettings.class, RoutingSettings.DEFAULT);
        // Everything is checked before any target's health is taken, so that a refused configuration (a
        // reload) leaves the health the table in use reports to as it was.
        final Set<String> names = new TreeSet<>();
        final List<List<ConfiguredProvider>> reached = new ArrayList<>();
        final List<RetrySettings> retries = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            final ModelSettings model = models[i];
            final String path = "models[" + i + ']';
            final List<ConfiguredProvider> providersOfModel = new ArrayList<>();
            final Set<Target> seen = new HashSet<>();
            for (int j = 0; j < model.targets().size(); j++) {
                final TargetSettings written = model.targets().get(j);
                final String targetPath = model.provider() != null ? path : path + ".targets[" + j + ']';
                providersOfModel.add(providers.get(written.provider()).orElseThrow(
                        () -> new ConfigException(targetPath + ".provider", "no provider named '" + written.provider()
                                                  + "' in providers; configured: " + providers.all().keySet())));
                final Target target = new Target(written.provider(), written.model());
                if (!seen.add(target)) {
                    throw new ConfigException(targetPath, "target " + target + " is listed twice in " + model.name());
                }
            }
            reached.add(providersOfModel);
            retries.add(retryOf(model, settings, path));
            if (!names.add(model.name())) {
                throw new ConfigException(path + ".name", "model '" + model.name() + "' is listed twice");
            }
        }
        for (int i = 0; i < models.length; i++) {
            for (int k = 0; k < models[i].fallbacks().size(); k++) {
                requireModel(names, models[i].fallbacks().get(k), "models[" + i + "].fallbacks[" + k + ']');
            }
        }
        for (int i = 0; i < settings.rules().size(); i++) {
            final RuleSettings rule = settings.rules().get(i);
            requireModel(names, rule.routeTo(), "routing.rules[" + i + "].route_to");
            if (rule.when().model() != null) {
                requireModel(names, rule.when().model(), "routing.rules[" + i + "].when.model");
            }
        }
        final TreeMap<String, ModelGroup> groups = new TreeMap<>();
        for (int i = 0; i < models.length; i++) {
            final ModelSettings model = models[i];
            final List<RouteTarget> resolved = new ArrayList<>();
            for (int j = 0; j < model.targets().size(); j++) {
                final TargetSettings written = model.targets().get(j);
                final Target target = new Target(written.provider(), written.model());
                resolved.add(resolve(written, j, reached.get(i).get(j), target, facts.of(written.model()),
                                     health, settings));
            }
            groups.put(model.name(), new ModelGroup(model.name(), model.strategy(), resolved, model.fallbacks(),
                                                    retries.get(i),
                                                    model.attemptTimeout() != null ? model.attemptTimeout()
                                                                                   : settings.attemptTimeout(),
                                                    model.structuredOutput()));
        }
        return new RoutingTable(groups, settings, providers);
    }

    /** Returns the model's retry settings over the routing default; their mix must still make sense. */
    private static RetrySettings retryOf(ModelSettings model, RoutingSettings settings, String path) {
        try {
            return model.retry().orElse(settings.retry());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + ".retry",
                                      e.getMessage() + " once routing.retry fills in what the model leaves unset", e);
        }
    }

    private static RouteTarget resolve(TargetSettings written, int index, ConfiguredProvider provider, Target target,
                                       ModelFacts.Facts known, TargetHealthRegistry health, RoutingSettings settings) {
        final Capabilities capabilities = written.capabilities().orElse(known.capabilities())
                                                 .orElse(new Capabilities(true, true, true, true));
        return new RouteTarget(target, provider, written.weight() != null ? written.weight() : 1,
                               written.priority() != null ? written.priority() : index,
                               orZero(written.contextWindow() != null ? written.contextWindow() : known.contextWindow()),
                               orZero(written.maxOutputTokens() != null ? written.maxOutputTokens()
                                                                        : known.maxOutputTokens()),
                               capabilities, written.prices().orElse(known.prices()),
                               health.of(target, settings.breaker(), settings.retryBudget()));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static void requireModel(Set<String> names, String name, String path) {
        if (!names.contains(name)) {
            throw new ConfigException(path, "no model named '" + name + "' in models; configured: " + names);
        }
    }

    /** Returns the model or group callers name {@code name}. */
    public Optional<ModelGroup> find(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** Returns every model, sorted by name. */
    public List<ModelGroup> all() {
        return List.copyOf(groups.values());
    }

    /** Returns every target of every model, each once. */
    public Set<Target> targets() {
        final Set<Target> targets = new HashSet<>();
        groups.values().forEach(group -> group.targets().forEach(target -> targets.add(target.target())));
        return targets;
    }

    /** Returns the routing settings and rules. */
    public RoutingSettings settings() {
        return settings;
    }

    /** Returns the providers this snapshot routes to. */
    public ProviderRegistry providers() {
        return providers;
    }
}
