package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Logprobs;
import dev.llmg.api.gateway.v1.TokenLogprob;

/**
 * Reads a candidate's {@code logprobsResult}: {@code chosenCandidates} are the answer's tokens, and
 * {@code topCandidates} at the same position the likeliest alternatives, as the canonical model has them.
 */
final class GeminiLogprobs {

    private GeminiLogprobs() {}

    /** Returns whether the candidate carries log probabilities. */
    static boolean present(JsonNode candidate) {
        return object(candidate, "logprobsResult").isObject();
    }

    /** Reads the candidate's log probabilities. */
    static Logprobs read(JsonNode candidate) {
        final JsonNode result = object(candidate, "logprobsResult");
        final List<JsonNode> tops = new ArrayList<>();
        array(result, "topCandidates").forEach(tops::add);
        final Logprobs.Builder logprobs = Logprobs.newBuilder();
        int position = 0;
        for (JsonNode chosen : array(result, "chosenCandidates")) {
            final TokenLogprob.Builder token = token(chosen).toBuilder();
            if (position < tops.size()) {
                for (JsonNode alternative : array(tops.get(position), "candidates")) {
                    token.addTopLogprobs(token(alternative));
                }
            }
            logprobs.addContent(token);
            position++;
        }
        return logprobs.build();
    }

    private static TokenLogprob token(JsonNode node) {
        return TokenLogprob.newBuilder().setToken(text(node, "token"))
                           .setLogprob(get(node, "logProbability").asDouble()).build();
    }
}
