package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.SkippedTarget;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.providers.TokenEstimator;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.config.Objective;
import dev.llmg.internal.routing.config.RuleSettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Plans each request over the routing table in use: the first rule the request meets may send it to another
 * model; the model's targets that cannot serve it are skipped (saying why); its balancer orders the others;
 * its fallbacks' targets follow, each group in its own order. A request no target can serve is refused here,
 * with the reasons, before any provider is called.
 */
final class GroupRouter implements ModelRouter {

    /** The most model names an error lists; the models API has them all. */
    private static final int MAX_LISTED_MODELS = 20;

    private final LiveRoutingTable live;
    private final Balancers balancers;

    @Inject
    GroupRouter(LiveRoutingTable live, Balancers balancers) {
        this.live = requireNonNull(live, "live");
        this.balancers = requireNonNull(balancers, "balancers");
    }

    @Override
    public RoutePlan<ChatProvider> plan(ChatRequest request, Caller caller, boolean streaming) {
        final RoutingTable table = live.current();
        final RequestProfile profile = RequestProfile.of(request, streaming);
        final Optional<RuleSettings> rule = RuleMatcher.first(table.settings().rules(), profile);
        final ModelGroup group = find(table, rule.map(RuleSettings::routeTo).orElse(request.getModel()));
        final Strategy strategy = rule.map(RuleSettings::objective).map(GroupRouter::strategyFor)
                                      .orElse(group.strategy());
        return plan(table, group, profile, rule.map(RuleSettings::name).orElse(""), strategy,
                    target -> target.provider().client());
    }

    @Override
    public RoutePlan<EmbeddingProvider> planEmbeddings(CreateEmbeddingsRequest request, Caller caller) {
        final RoutingTable table = live.current();
        int longest = 0;
        for (String input : request.getInputsList()) {
            longest = Math.max(longest, TokenEstimator.ofText(input));
        }
        final ModelGroup group = find(table, request.getModel());
        return plan(table, group, RequestProfile.ofEmbeddings(request.getModel(), longest), "", group.strategy(),
                    target -> target.provider().embeddings());
    }

    private <P> RoutePlan<P> plan(RoutingTable table, ModelGroup group, RequestProfile profile, String rule,
                                  Strategy strategy, Function<RouteTarget, Optional<P>> clientOf) {
        final List<Candidate<P>> candidates = new ArrayList<>();
        final List<SkippedTarget> skipped = new ArrayList<>();
        final Set<Target> seen = new HashSet<>();
        for (ModelGroup each : withFallbacks(table, group)) {
            final List<RouteTarget> eligible = new ArrayList<>();
            for (RouteTarget target : each.targets()) {
                if (!seen.add(target.target())) {
                    continue; // already planned through an earlier group
                }
                final Optional<SkippedTarget> unfit = Eligibility.check(target, profile);
                if (unfit.isPresent()) {
                    skipped.add(unfit.get());
                } else {
                    eligible.add(target);
                }
            }
            if (eligible.isEmpty()) {
                continue;
            }
            final Strategy order = each == group ? strategy : each.strategy();
            for (RouteTarget target : balancers.of(each, order).order(eligible, profile.size())) {
                candidates.add(new Candidate<>(target, clientOf.apply(target).orElseThrow(), each));
            }
        }
        if (candidates.isEmpty()) {
            throw noTarget(group, skipped);
        }
        return new RoutePlan<>(profile.model(), rule, group.name(), strategy.configName(), candidates, skipped,
                               summary(group, rule, strategy, candidates, skipped));
    }

    /** Returns the group and its fallbacks, and theirs, in order, each once. */
    private static List<ModelGroup> withFallbacks(RoutingTable table, ModelGroup group) {
        final LinkedHashSet<ModelGroup> chain = new LinkedHashSet<>();
        final List<ModelGroup> pending = new ArrayList<>(List.of(group));
        while (!pending.isEmpty()) {
            final ModelGroup next = pending.remove(0);
            if (chain.add(next)) {
                next.fallbacks().forEach(name -> table.find(name).ifPresent(pending::add));
            }
        }
        return new ArrayList<>(chain);
    }

    private static ModelGroup find(RoutingTable table, String name) {
        return table.find(name).orElseThrow(() -> new GatewayException(
                ErrorKind.NOT_FOUND, "model_not_found", "model",
                "model '" + shorten(name) + "' is not configured; available models: " + listed(table), null));
    }

    private static String listed(RoutingTable table) {
        final List<ModelGroup> all = table.all();
        final String names = all.stream().limit(MAX_LISTED_MODELS).map(ModelGroup::name)
                                .collect(Collectors.joining(", "));
        return all.size() > MAX_LISTED_MODELS ? names + " and " + (all.size() - MAX_LISTED_MODELS)
                                                + " more (GET /api/v1/models)" : names;
    }

    private static String shorten(String name) {
        return name.length() > 100 ? name.substring(0, 100) + "..." : name;
    }

    private static GatewayException noTarget(ModelGroup group, List<SkippedTarget> skipped) {
        final String reasons = skipped.stream()
                                      .map(skip -> skip.getTarget().getProvider() + '/' + skip.getTarget().getModel()
                                                   + ": " + skip.getDetail())
                                      .collect(Collectors.joining("; "));
        final boolean unavailable = skipped.stream().allMatch(skip -> "unavailable".equals(skip.getReason()));
        if (unavailable) {
            return new GatewayException(ErrorKind.FAILED_PRECONDITION, "provider_unavailable", "model",
                                        "model '" + group.name() + "' cannot be used now: " + reasons, null);
        }
        if (skipped.stream().allMatch(skip -> "no_embeddings".equals(skip.getReason()))) {
            return new GatewayException(ErrorKind.INVALID_ARGUMENT, "model_cannot_embed", "model",
                                        "model '" + group.name() + "' cannot make embeddings: " + reasons, null);
        }
        final boolean failing = skipped.stream().anyMatch(skip -> "circuit_open".equals(skip.getReason()));
        if (failing) {
            return new GatewayException(ErrorKind.UNAVAILABLE, "no_healthy_target", "model",
                                        "every target of model '" + group.name() + "' that could serve this request "
                                        + "is failing or unavailable; try again shortly (" + reasons + ')', null);
        }
        return new GatewayException(ErrorKind.FAILED_PRECONDITION, "no_capable_target", "model",
                                    "no target of model '" + group.name() + "' can serve this request: " + reasons, null);
    }

    private static <P> String summary(ModelGroup group, String rule, Strategy strategy, List<Candidate<P>> candidates,
                                      List<SkippedTarget> skipped) {
        final Candidate<P> first = candidates.get(0);
        if (group.targets().size() == 1 && group.fallbacks().isEmpty() && rule.isEmpty()) {
            return "model " + group.name() + " is served by provider " + first.target().provider();
        }
        final StringBuilder text = new StringBuilder();
        if (!rule.isEmpty()) {
            text.append("rule ").append(rule).append(" sent it to ");
        }
        text.append("model ").append(group.name()).append(" (").append(strategy.configName()).append("): ")
            .append(first.target()).append(" first of ").append(candidates.size()).append(" candidate(s)");
        if (!skipped.isEmpty()) {
            text.append("; skipped ").append(skipped.stream().map(skip -> skip.getTarget().getProvider() + '/'
                                                                          + skip.getTarget().getModel() + " ("
                                                                          + skip.getReason() + ')')
                                                    .collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    private static Strategy strategyFor(Objective objective) {
        return objective == Objective.COST ? Strategy.LOWEST_COST : Strategy.LEAST_LATENCY;
    }
}
