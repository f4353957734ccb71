package dev.llmg.internal.auth;

import java.util.Map;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.call.Caller;

/**
 * Puts the tags of the caller's endpoint (every level's, nearer ones winning) into its request's metadata, where
 * routing rules match labels ({@code routing.rules[*].when.metadata}) and records keep them. The endpoint's tags
 * win over a label of the same name the caller sent, so that a caller cannot claim, say, {@code tier: premium}
 * for itself.
 */
public final class EndpointTags {

    private EndpointTags() {}

    /** Returns {@code request} with {@code caller}'s endpoint's tags in its metadata (itself when there are none). */
    public static ChatRequest onto(ChatRequest request, Caller caller) {
        final Map<String, String> tags = caller.endpoint().map(endpoint -> endpoint.tags()).orElse(Map.of());
        if (tags.isEmpty()) {
            return request;
        }
        return request.toBuilder().putAllMetadata(tags).build();
    }
}
