package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import dev.llmg.api.gateway.v1.RoutingTarget;

/**
 * One place a request can go: a configured provider and its own name for the model. Health (breakers,
 * latency, requests in flight) is kept per target, since one provider host serves many models.
 *
 * @param provider the configured provider's name
 * @param model the provider's own name of the model
 */
public record Target(String provider, String model) {

    /** Checks that both parts are present. */
    public Target {
        requireNonNull(provider, "provider");
        requireNonNull(model, "model");
    }

    /** Returns the target as the routing decision shows it. */
    public RoutingTarget toProto() {
        return RoutingTarget.newBuilder().setProvider(provider).setModel(model).build();
    }

    @Override
    public String toString() {
        return provider + '/' + model;
    }
}
