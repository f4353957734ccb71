package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;

import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.SkippedTarget;

/**
 * Where a request may go, in the order to try, and why: the router's answer, which the attempt executor
 * then works through.
 *
 * @param <P> the provider capability the request needs
 * @param requestedModel the model or group the caller named
 * @param rule the routing rule that matched, or empty
 * @param model the model or group routed to
 * @param strategy the balancing strategy that ordered the candidates
 * @param candidates the targets to try, in order (a model's own targets first, then its fallbacks'); never
 *                   empty
 * @param skipped the targets left out, and why
 * @param summary the decision in words
 */
public record RoutePlan<P>(String requestedModel, String rule, String model, String strategy,
                           List<Candidate<P>> candidates, List<SkippedTarget> skipped, String summary) {

    /** Checks the plan has somewhere to go. */
    public RoutePlan {
        requireNonNull(requestedModel, "requestedModel");
        requireNonNull(rule, "rule");
        requireNonNull(model, "model");
        requireNonNull(strategy, "strategy");
        candidates = List.copyOf(candidates);
        skipped = List.copyOf(skipped);
        requireNonNull(summary, "summary");
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one candidate");
        }
    }

    /** Returns the decision as known before any attempt: what was asked, what matched, what was skipped. */
    public RoutingDecision decision() {
        return RoutingDecision.newBuilder().setRequestedModel(requestedModel).setRule(rule).setModel(model)
                              .setStrategy(strategy).addAllSkipped(skipped).setSummary(summary).build();
    }
}
