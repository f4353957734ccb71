package dev.llmg.internal.routing.config;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Says what a routing rule optimises when it chooses among eligible targets ({@code rules[*].objective}). */
public enum Objective {
    /** The cheapest target for the request's estimated tokens. */
    COST,
    /** The fastest target by recent latency. */
    LATENCY;

    /** Reads {@code cost} or {@code latency}. */
    @JsonCreator
    public static Objective of(String name) {
        for (Objective objective : values()) {
            if (objective.name().toLowerCase(Locale.ROOT).equals(name)) {
                return objective;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + name + "'; expected cost or latency");
    }
}
