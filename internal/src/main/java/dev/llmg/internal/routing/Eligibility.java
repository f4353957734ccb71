package dev.llmg.internal.routing;

import java.util.Optional;

import dev.llmg.api.gateway.v1.SkippedTarget;

/**
 * Says whether a target can serve a request at all, and if not why, so that routing skips it rather than
 * trying it and failing: its provider has no key, its breaker is open, it lacks a capability the request
 * needs, or the request does not fit its context window or output limit. (A JSON schema is not such a
 * capability: llmg emulates it for targets that cannot follow one natively.)
 */
final class Eligibility {

    private Eligibility() {}

    /** Returns why {@code target} cannot serve a request like {@code profile}, or empty when it can. */
    static Optional<SkippedTarget> check(RouteTarget target, RequestProfile profile) {
        final ProviderState provider = ProviderState.of(target, profile.embeddings());
        if (provider != null) {
            return skip(target, provider.reason, provider.detail);
        }
        if (target.health().isOpen()) {
            return skip(target, "circuit_open", "its circuit breaker is open after recent failures");
        }
        if (profile.tools() && !target.tools()) {
            return skip(target, "no_tools", "it cannot call tools, and the request offers some");
        }
        if (profile.images() && !target.images()) {
            return skip(target, "no_images", "it cannot read images, and the request holds some");
        }
        if (profile.streaming() && !target.streaming()) {
            return skip(target, "no_streaming", "it cannot stream, and the request is streamed");
        }
        if (target.maxOutputTokens() > 0 && profile.maxTokens() > target.maxOutputTokens()) {
            return skip(target, "max_output_tokens", "the request's max_tokens " + profile.maxTokens()
                                                     + " exceeds its output limit of " + target.maxOutputTokens());
        }
        final int needed = profile.size().promptTokens() + profile.maxTokens();
        if (target.contextWindow() > 0 && needed > target.contextWindow()) {
            return skip(target, "context_window", "an estimated " + profile.size().promptTokens() + " prompt tokens"
                                                  + (profile.maxTokens() > 0 ? " plus " + profile.maxTokens()
                                                                               + " answer tokens" : "")
                                                  + " exceed its context window of " + target.contextWindow());
        }
        return Optional.empty();
    }

    private static Optional<SkippedTarget> skip(RouteTarget target, String reason, String detail) {
        return Optional.of(SkippedTarget.newBuilder().setTarget(target.target().toProto()).setReason(reason)
                                        .setDetail(detail).build());
    }

    /** Why a target's provider cannot take the request: no key, or no embeddings. */
    private record ProviderState(String reason, String detail) {
        static ProviderState of(RouteTarget target, boolean embeddings) {
            if (target.provider().client().isEmpty()) {
                return new ProviderState("unavailable", "its provider '" + target.provider().name()
                        + "' cannot be used: " + target.provider().unavailableReason().orElse("unknown"));
            }
            if (embeddings && target.provider().embeddings().isEmpty()) {
                return new ProviderState("no_embeddings", "its provider '" + target.provider().name() + "' (type "
                                                          + target.provider().type() + ") answers chat only");
            }
            return null;
        }
    }
}
