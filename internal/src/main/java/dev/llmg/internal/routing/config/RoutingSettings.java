package dev.llmg.internal.routing.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code routing} section: the defaults every model's attempts follow, target health, and the rules.
 *
 * @param retry how failed attempts are retried, for every model (a model may override it)
 * @param retryBudget how many retries a target may get, as a share of its recent requests
 * @param breaker when a target's circuit breaker opens and how it recovers
 * @param attemptTimeout the longest one attempt may take (0s, the default: until the call's deadline)
 * @param rules routing rules, tried in order
 */
public record RoutingSettings(RetrySettings retry, RetryBudgetSettings retryBudget, BreakerSettings breaker,
                              Duration attemptTimeout, List<RuleSettings> rules) {

    /** The defaults, for a configuration without a {@code routing} section. */
    public static final RoutingSettings DEFAULT = new RoutingSettings(null, null, null, null, null);

    /** Fills in what is unset from the defaults. */
    public RoutingSettings {
        retry = retry == null ? RetrySettings.DEFAULT : retry.orElse(RetrySettings.DEFAULT);
        retryBudget = retryBudget == null ? RetryBudgetSettings.DEFAULT : retryBudget;
        breaker = breaker == null ? BreakerSettings.DEFAULT : breaker;
        attemptTimeout = attemptTimeout == null ? Duration.ZERO : attemptTimeout;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
