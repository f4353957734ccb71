package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

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

import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.ModelCatalog;
import dev.llmg.internal.routing.ModelRoute;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Serves {@code GET /v1/models} and {@code GET /v1/models/{id}} from the model catalog, in OpenAI's shape:
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

    private final ModelCatalog catalog;
    private final ProviderRegistry providers;
    private final long created = System.currentTimeMillis() / 1000;

    @Inject
    OpenAiModelsService(ModelCatalog catalog, ProviderRegistry providers) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.providers = requireNonNull(providers, "providers");
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
            catalog.all().forEach(route -> data.add(model(route)));
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
        return catalog.find(id).map(route -> json(model(route))).orElseGet(() -> OpenAiErrorWriter.response(
                new GatewayException(ErrorKind.NOT_FOUND, "model_not_found", "model",
                                     "model '" + id + "' is not configured; available models: "
                                     + catalog.all().stream().map(ModelRoute::name)
                                              .collect(Collectors.joining(", ")), null)));
    }

    private ObjectNode model(ModelRoute route) {
        final ObjectNode model = NODES.objectNode()
                                      .put("id", route.name())
                                      .put("object", "model")
                                      .put("created", created)
                                      .put("owned_by", route.provider());
        final ConfiguredProvider provider = providers.get(route.provider()).orElseThrow();
        final ObjectNode llmg = model.putObject(LlmgMetadataJson.FIELD)
                                     .put("provider_model", route.providerModel())
                                     .put("available", provider.client().isPresent())
                                     .put("embeddings", provider.embeddings().isPresent());
        provider.unavailableReason().ifPresent(reason -> llmg.put("unavailable_reason", reason));
        return model;
    }

    private static HttpResponse json(ObjectNode body) {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.ofUtf8(body.toString()));
    }
}
