package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

/**
 * A target that may serve a request, with the client that reaches it and the model group it was reached
 * through (the requested one, or a fallback), whose retry settings and attempt timeout apply to it.
 *
 * @param <P> the provider capability the request needs, e.g. {@link dev.llmg.spi.ChatProvider}
 * @param route the target, its facts and its health
 * @param client the provider's client
 * @param group the model or model group this candidate belongs to
 */
public record Candidate<P>(RouteTarget route, P client, ModelGroup group) {

    /** Checks that every part is present. */
    public Candidate {
        requireNonNull(route, "route");
        requireNonNull(client, "client");
        requireNonNull(group, "group");
    }

    /** Returns the provider and model. */
    public Target target() {
        return route.target();
    }

    /** Returns the name of the model or group the candidate belongs to. */
    public String modelName() {
        return group.name();
    }
}
