package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

/**
 * A target that may serve a request, with the client that reaches it.
 *
 * @param <P> the provider capability the request needs, e.g. {@link dev.llmg.spi.ChatProvider}
 * @param target the provider and model
 * @param client the provider's client
 * @param modelName the model or model group (as callers name it) this target belongs to, which differs from
 *                  the requested one for a fallback
 */
public record Candidate<P>(Target target, P client, String modelName) {

    /** Checks that every part is present. */
    public Candidate {
        requireNonNull(target, "target");
        requireNonNull(client, "client");
        requireNonNull(modelName, "modelName");
    }
}
