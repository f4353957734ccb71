package dev.llmg.internal.providers.openai;

/**
 * Says where a server that speaks OpenAI's API takes each call, and what it calls a model, so that one client
 * serves OpenAI, Azure OpenAI's deployments and OpenAI-compatible servers alike.
 */
public interface OpenAiEndpoints {

    /** Paths relative to the base URI, as OpenAI's own API lays them out. */
    OpenAiEndpoints STANDARD = new OpenAiEndpoints() {};

    /** Returns the path (with any query) of chat completions with the model, e.g. {@code /chat/completions}. */
    default String chatPath(String model) {
        return "/chat/completions";
    }

    /** Returns the path (with any query) of embeddings with the model. */
    default String embeddingsPath(String model) {
        return "/embeddings";
    }

    /** Returns the path of the model list. */
    default String modelsPath() {
        return "/models";
    }

    /** Returns the name the server knows the model by, for the body's {@code model} field. */
    default String upstreamModel(String model) {
        return model;
    }
}
