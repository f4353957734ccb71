package dev.llmg.internal.routing.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Names how a model group orders its targets for each request ({@code models[*].strategy}). */
public enum Strategy {
    /** Each target in turn. */
    ROUND_ROBIN,
    /** Smooth weighted round robin: targets in proportion to their {@code weight}, evenly spread. */
    WEIGHTED,
    /** The target with the fewest requests in flight. */
    LEAST_IN_FLIGHT,
    /** The faster of two targets picked at random, by peak EWMA latency (power of two choices). */
    LEAST_LATENCY,
    /** The cheapest target for the request's estimated tokens, by its prices. */
    LOWEST_COST,
    /** The first healthy target in the order written (or by {@code priority}). */
    PRIORITY;

    /** Returns the name configs use, e.g. {@code least_latency}. */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a strategy's config name; throws {@link IllegalArgumentException} listing the known ones. */
    @JsonCreator
    public static Strategy of(String name) {
        for (Strategy strategy : values()) {
            if (strategy.configName().equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", ")));
    }
}
