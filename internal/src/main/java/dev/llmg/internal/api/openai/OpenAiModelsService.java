package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.auth.ModelAccess;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.routing.ModelDirectory;
import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Serves {@code GET /v1/models} (the models the caller may use; those that can be used now first) and {@code GET /v1/models/{id}} from the
 * model directory, in OpenAI's shape:
 * {@code owned_by} is the configured provider, and {@code created} the time this gateway started, since a
 * configured name has no date of its own.
 *
 * <p>Ids may contain {@code /} and {@code :} ({@code org/model}, {@code ft:gpt-4o:acme}), so the id is the
 * whole rest of the path, percent-decoded. Each model also carries a non-standard {@code llmg} object saying
 * whether its provider can be used now.
 */
final class OpenAiModelsService implements HttpService {

    /** The path prefix of a single model; the rest of the path is its id. */
    static final String MODEL_PREFIX = "/v1/models/";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ModelDirectory models;
    private final long created = System.currentTimeMillis() / 1000;

    @Inject
    OpenAiModelsService(ModelDirectory models) {
        this.models = requireNonNull(models, "models");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        if (req.method() != HttpMethod.GET) {
            return OpenAiErrorWriter.response(OpenAiJsonBody.methodNotAllowed(req, "GET"));
        }
        final String path = ctx.path();
        if (!path.startsWith(MODEL_PREFIX)) {
            final ObjectNode list = NODES.objectNode().put("object", "list");
            final ArrayNode data = list.putArray("data");
            final Caller caller = Authentication.callerOf(ctx);
            models.usableFirst().stream().filter(model -> ModelAccess.mayUse(caller, model.name()))
                  .forEach(model -> data.add(model(model)));
            return json(list);
        }
        // Decoded here rather than by Armeria, which keeps %2F encoded: SDKs encode the slash of an id.
        final String id;
        try {
            id = URLDecoder.decode(path.substring(MODEL_PREFIX.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return OpenAiErrorWriter.response(GatewayException.invalidArgument(
                    "model", "the model id in the path is not properly percent-encoded: " + e.getMessage()));
        }
        // A model the caller may not use is not found, as OpenAI answers for a model an organisation cannot use.
        return models.find(id).filter(model -> ModelAccess.mayUse(Authentication.callerOf(ctx), model.name()))
                     .map(model -> json(model(model))).orElseGet(() -> OpenAiErrorWriter.response(
                new GatewayException(ErrorKind.NOT_FOUND, "model_not_found", "model",
                                     "model '" + (id.length() > 100 ? id.substring(0, 100) + "..." : id)
                                     + "' is not configured; GET /v1/models lists the models", null)));
    }

    private ObjectNode model(ModelGroup group) {
        final ObjectNode model = NODES.objectNode()
                                      .put("id", group.name())
                                      .put("object", "model")
                                      .put("created", created)
                                      .put("owned_by", group.targets().get(0).target().provider());
        final ObjectNode llmg = model.putObject(LlmgMetadataJson.FIELD)
                                     .put("provider_model", group.targets().get(0).target().model())
                                     .put("available", group.available())
                                     .put("embeddings", ModelDirectory.embeddings(group));
        ModelDirectory.unavailableReason(group).ifPresent(reason -> llmg.put("unavailable_reason", reason));
        if (group.targets().size() > 1 || !group.fallbacks().isEmpty()) {
            llmg.put("strategy", group.strategy().configName());
            final ArrayNode targets = llmg.putArray("targets");
            group.targets().forEach(target -> targets.addObject().put("provider", target.target().provider())
                                                     .put("model", target.target().model()));
            final ArrayNode fallbacks = llmg.putArray("fallbacks");
            group.fallbacks().forEach(fallbacks::add);
        }
        return model;
    }

    private static HttpResponse json(ObjectNode body) {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.ofUtf8(body.toString()));
    }
}
