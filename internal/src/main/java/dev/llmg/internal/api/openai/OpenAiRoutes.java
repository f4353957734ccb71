package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;

import dev.llmg.internal.server.RouteContributor;

/**
 * Puts the OpenAI-compatible API on the server under {@code /v1}, beside the gRPC services, on the same port.
 *
 * <p>Each route answers Armeria's own failures around the service (a body over
 * {@code server.max_request_length}) in OpenAI's error shape too, and so does the server for the errors it
 * raises under {@code /v1} before any route is chosen (an unknown method).
 */
final class OpenAiRoutes implements RouteContributor {

    private final OpenAiChatService chat;
    private final OpenAiModelsService models;
    private final OpenAiEmbeddingsService embeddings;

    @Inject
    OpenAiRoutes(OpenAiChatService chat, OpenAiModelsService models, OpenAiEmbeddingsService embeddings) {
        this.chat = requireNonNull(chat, "chat");
        this.models = requireNonNull(models, "models");
        this.embeddings = requireNonNull(embeddings, "embeddings");
    }

    @Override
    public void addTo(ServerBuilder sb) {
        add(sb, "/v1/chat/completions", chat);
        add(sb, "/v1/embeddings", embeddings);
        add(sb, "/v1/models", models);
        add(sb, "prefix:" + OpenAiModelsService.MODEL_PREFIX, models);
        add(sb, "prefix:" + OpenAiProtocolErrors.PREFIX, new OpenAiNotFoundService());
        sb.errorHandler(new OpenAiProtocolErrors());
    }

    private static void add(ServerBuilder sb, String pathPattern, HttpService service) {
        sb.route().path(pathPattern).errorHandler(OpenAiErrorWriter::onServiceException).build(service);
    }
}
