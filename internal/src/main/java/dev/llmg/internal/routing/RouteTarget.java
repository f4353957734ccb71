package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.health.TargetHealth;

/**
 * A target as routing uses it: who it is, the provider that reaches it, what the configuration and the table
 * of well-known models say about it, and its health (shared by every call, kept across reloads).
 *
 * @param target the provider and model
 * @param provider the configured provider
 * @param weight its share under the {@code weighted} strategy
 * @param priority its rank under the {@code priority} strategy, lowest first
 * @param contextWindow the most tokens it takes, or 0 when unknown
 * @param maxOutputTokens the most tokens it generates in one answer, or 0 when unknown
 * @param capabilities what it can do, every capability known (unknown ones assumed)
 * @param prices what it costs, when known
 * @param health its breaker, load, latency and retry budget
 */
public record RouteTarget(Target target, ConfiguredProvider provider, int weight, int priority, int contextWindow,
                          int maxOutputTokens, Capabilities capabilities, Prices prices, TargetHealth health) {

    /** Checks that every part is present. */
    public RouteTarget {
        requireNonNull(target, "target");
        requireNonNull(provider, "provider");
        requireNonNull(capabilities, "capabilities");
        requireNonNull(prices, "prices");
        requireNonNull(health, "health");
    }

    /** Returns whether it can call tools. */
    public boolean tools() {
        return !Boolean.FALSE.equals(capabilities.tools());
    }

    /** Returns whether it can answer in a JSON schema. */
    public boolean jsonSchema() {
        return !Boolean.FALSE.equals(capabilities.jsonSchema());
    }

    /** Returns whether it has a JSON mode. */
    public boolean jsonMode() {
        return !Boolean.FALSE.equals(capabilities.jsonMode());
    }

    /** Returns whether it reads images. */
    public boolean images() {
        return !Boolean.FALSE.equals(capabilities.images());
    }

    /** Returns whether it streams. */
    public boolean streaming() {
        return !Boolean.FALSE.equals(capabilities.streaming());
    }
}
