package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Provider;

import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.routing.config.Prices;

/**
 * Prices a call from the routing table's prices ({@code targets[*].prices}, else the table of well-known
 * models): the same prices the {@code lowest_cost} strategy routes by, so that records, metrics and routing
 * agree.
 */
public final class PriceTable {

    private static final BigDecimal PER_MILLION = BigDecimal.valueOf(1_000_000);

    private final Provider<LiveRoutingTable> routing;

    @Inject
    public PriceTable(Provider<LiveRoutingTable> routing) {
        this.routing = requireNonNull(routing, "routing");
    }

    /**
     * Returns what {@code usage} cost at {@code target} served from {@code group}; empty when its input and
     * output prices are unknown. Cached prompt tokens cost the cached price when one is known, else the
     * input price.
     */
    public Optional<BigDecimal> cost(String group, Target target, Usage usage) {
        return prices(group, target).filter(Prices::known).map(prices -> {
            final long cached = Math.min(usage.getCachedInputTokens(), usage.getInputTokens());
            final double cachedPrice = prices.cachedInput() != null ? prices.cachedInput() : prices.input();
            final BigDecimal dollars = BigDecimal.valueOf(usage.getInputTokens() - cached)
                                                 .multiply(BigDecimal.valueOf(prices.input()))
                                                 .add(BigDecimal.valueOf(cached).multiply(BigDecimal.valueOf(cachedPrice)))
                                                 .add(BigDecimal.valueOf(usage.getOutputTokens())
                                                                .multiply(BigDecimal.valueOf(prices.output())));
            return dollars.divide(PER_MILLION, MathContext.DECIMAL64);
        });
    }

    /** Returns what {@code usage} cost at the target that answered the call whose metadata is {@code gateway}. */
    public Optional<BigDecimal> cost(GatewayMetadata gateway, Usage usage) {
        if (gateway.getProvider().isEmpty() || gateway.getModel().isEmpty() || gateway.getRouting().getModel().isEmpty()) {
            return Optional.empty();
        }
        return cost(gateway.getRouting().getModel(), new Target(gateway.getProvider(), gateway.getModel()), usage);
    }

    private Optional<Prices> prices(String group, Target target) {
        return routing.get().current().find(group).flatMap(model -> model.targets().stream()
                                                                   .filter(candidate -> candidate.target().equals(target))
                                                                   .map(RouteTarget::prices).findFirst());
    }
}
