package dev.llmg.internal.api.graphql;

import java.time.Duration;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * Holds the {@code server.graphql} section of the configuration: how much one GraphQL operation may ask.
 *
 * @param maxDepth the deepest selection an operation may nest; a deeper one is refused before it runs
 * @param maxComplexity the most fields an operation may select in all (each field counts 1); more is refused
 * @param connectionInitTimeout how long a {@code graphql-transport-ws} client has to send {@code connection_init}
 *                              before the socket is closed with 4408
 * @param maxSubscriptionsPerSocket how many subscriptions one socket may have in flight at once
 */
record GraphqlSettings(int maxDepth, int maxComplexity, Duration connectionInitTimeout,
                       int maxSubscriptionsPerSocket) {

    /** Reads {@code server.graphql}, applying defaults. */
    static GraphqlSettings from(ConfigSection root) {
        final ConfigSection graphql = root.sectionOrEmpty("server").sectionOrEmpty("graphql");
        graphql.allowOnly("max_depth", "max_complexity", "connection_init_timeout", "max_subscriptions_per_socket");
        final Duration initTimeout = graphql.duration("connection_init_timeout", Duration.ofSeconds(10));
        if (initTimeout.isZero() || initTimeout.isNegative()) {
            // The protocol gives every client a moment to send connection_init; none at all would refuse all.
            throw new ConfigException(graphql.pathOf("connection_init_timeout"), "must be longer than 0s");
        }
        return new GraphqlSettings(graphql.integer("max_depth", 15, 1, 1000),
                                   graphql.integer("max_complexity", 1000, 1, 1_000_000), initTimeout,
                                   graphql.integer("max_subscriptions_per_socket", 16, 1, 10_000));
    }
}
