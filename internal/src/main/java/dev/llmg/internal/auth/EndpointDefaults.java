package dev.llmg.internal.auth;

import java.util.Optional;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.auth.grouping.DefaultParameters;
import dev.llmg.internal.auth.grouping.Endpoint;
import dev.llmg.internal.call.Caller;

/**
 * Puts what the caller's endpoint sets for its requests into each of them: its tags (every level's, nearer ones
 * winning) into the metadata, where routing rules match labels ({@code routing.rules[*].when.metadata}), winning
 * over a label of the same name the caller sent, so that a caller cannot claim, say, {@code tier: premium} for
 * itself; and its default sampling parameters where the request sets none, the request's own always winning.
 */
public final class EndpointDefaults {

    private EndpointDefaults() {}

    /** Returns {@code request} with {@code caller}'s endpoint's tags and default parameters (itself when none). */
    public static ChatRequest onto(ChatRequest request, Caller caller) {
        final Optional<Endpoint> endpoint = caller.endpoint();
        if (endpoint.isEmpty() || endpoint.get().tags().isEmpty() && endpoint.get().parameters().isNone()) {
            return request;
        }
        final ChatRequest.Builder served = request.toBuilder().putAllMetadata(endpoint.get().tags());
        final DefaultParameters defaults = endpoint.get().parameters();
        if (defaults.temperature() != null && !request.hasTemperature()) {
            served.setTemperature(defaults.temperature());
        }
        if (defaults.topP() != null && !request.hasTopP()) {
            served.setTopP(defaults.topP());
        }
        if (defaults.maxTokens() != null && !request.hasMaxTokens()) {
            served.setMaxTokens(defaults.maxTokens());
        }
        if (defaults.seed() != null && !request.hasSeed()) {
            served.setSeed(defaults.seed());
        }
        if (defaults.presencePenalty() != null && !request.hasPresencePenalty()) {
            served.setPresencePenalty(defaults.presencePenalty());
        }
        if (defaults.frequencyPenalty() != null && !request.hasFrequencyPenalty()) {
            served.setFrequencyPenalty(defaults.frequencyPenalty());
        }
        return served.build();
    }
}
