package dev.llmg.internal.providers.compatible;

import java.util.Map;

import dev.llmg.internal.providers.openai.OpenAiEndpoints;

/**
 * Lays out an OpenAI-compatible server as OpenAI does, but sends each model under the name the server knows
 * it by ({@code llama3} for Ollama's {@code llama3:8b-instruct-q4}, say), from the configured aliases.
 *
 * @param aliases the server's name of each model; a model not listed keeps its name
 */
record AliasedEndpoints(Map<String, String> aliases) implements OpenAiEndpoints {

    /** Copies the aliases. */
    AliasedEndpoints {
        aliases = Map.copyOf(aliases);
    }

    @Override
    public String upstreamModel(String model) {
        return aliases.getOrDefault(model, model);
    }
}
