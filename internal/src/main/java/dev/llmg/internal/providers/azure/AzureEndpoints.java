package dev.llmg.internal.providers.azure;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.llmg.internal.providers.openai.OpenAiEndpoints;

/**
 * Lays out Azure OpenAI's two URL styles: the classic
 * {@code /openai/deployments/{deployment}/chat/completions?api-version=...}, where the deployment is in the
 * path, and the GA {@code /openai/v1/chat/completions}, where it is the body's {@code model}. Models map to
 * deployments by the configured table; a model missing from it is its own deployment name.
 *
 * @param v1 whether to use the {@code /openai/v1} style
 * @param apiVersion the {@code api-version} query of the deployments style
 * @param deployments the deployment of each model
 */
public record AzureEndpoints(boolean v1, String apiVersion, Map<String, String> deployments)
        implements OpenAiEndpoints {

    /** The newest GA api-version of the deployments style at the time of writing. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    /** Checks and copies the settings. */
    public AzureEndpoints {
        requireNonNull(apiVersion, "apiVersion");
        deployments = Map.copyOf(deployments);
    }

    @Override
    public String chatPath(String model) {
        return path(model, "/chat/completions");
    }

    @Override
    public String embeddingsPath(String model) {
        return path(model, "/embeddings");
    }

    @Override
    public String modelsPath() {
        return v1 ? "/openai/v1/models" : "/openai/models?api-version=" + query(apiVersion);
    }

    @Override
    public String upstreamModel(String model) {
        return deployments.getOrDefault(model, model);
    }

    private String path(String model, String operation) {
        if (v1) {
            return "/openai/v1" + operation;
        }
        return "/openai/deployments/" + URLEncoder.encode(upstreamModel(model), StandardCharsets.UTF_8).replace("+", "%20")
               + operation + "?api-version=" + query(apiVersion);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
