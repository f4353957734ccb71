package dev.llmg.internal.routing.balance;

import java.util.List;

import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.config.Prices;

/**
 * Prefers the target that would charge least for this request: price per input token times the estimated
 * prompt, plus price per output token times the tokens the answer may take. Targets without known prices
 * come last, in the order written.
 */
final class LowestCostBalancer implements Balancer {

    @Override
    public List<RouteTarget> order(List<RouteTarget> eligible, RequestSize size) {
        return ScoreOrder.lowestFirst(eligible, target -> cost(target, size));
    }

    /** Returns the estimated cost in dollars, or infinity when the target's prices are unknown. */
    static double cost(RouteTarget target, RequestSize size) {
        final Prices prices = target.prices();
        if (!prices.known()) {
            return Double.POSITIVE_INFINITY;
        }
        return (prices.input() * size.promptTokens() + prices.output() * size.outputTokens()) / 1_000_000.0;
    }
}
