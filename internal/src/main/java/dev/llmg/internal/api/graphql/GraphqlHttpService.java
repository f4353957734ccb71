package dev.llmg.internal.api.graphql;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.auth.CallerKey;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.server.ServerSettings;
import dev.llmg.spi.GatewayException;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.language.OperationDefinition;
import io.grpc.Status;

/**
 * Serves GraphQL over HTTP at {@code /graphql}: POST with a JSON body ({@code query}, {@code variables},
 * {@code operationName}), GET with the same as query parameters for queries only (a mutation over GET is refused
 * with 405, since GET must not change anything), and the explorer page for a browser's plain GET.
 *
 * <p>The answer is {@code {data, errors}} as JSON: 200 once the operation ran, even when fields failed (their
 * errors name the gRPC code and reason); 400 when the document does not parse or validate, or its variables do
 * not fit, since nothing ran.
 */
final class GraphqlHttpService implements HttpService {

    private final GraphqlEngine engine;
    private final CallFactory calls;
    private final ExplorerPage explorer;
    private final Authenticator authenticator;
    private final ServerSettings server;

    GraphqlHttpService(GraphqlEngine engine, CallFactory calls, ExplorerPage explorer, Authenticator authenticator,
                       ServerSettings server) {
        this.server = requireNonNull(server, "server");
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.engine = requireNonNull(engine, "engine");
        this.calls = requireNonNull(calls, "calls");
        this.explorer = requireNonNull(explorer, "explorer");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        // This service is the WebSocket service's fallback, whose options (no timeout, no size limit, as a socket
        // needs) apply to it too: an HTTP request gets the server's own limits back.
        ctx.setMaxRequestLength(server.maxRequestLength());
        if (!server.requestTimeout().isZero()) {
            ctx.setRequestTimeout(TimeoutMode.SET_FROM_START, server.requestTimeout());
        }
        if (req.method() == HttpMethod.GET && ctx.queryParam("query") == null && explorer.wanted(req.headers())) {
            return explorer.response(); // a static page: what it runs comes back with the key typed into it
        }
        if (authenticator.required() && CallerKey.of(ctx).isEmpty()) {
            // Only a WebSocket upgrade passes authentication without a key; anything else that got here did not
            // upgrade, and is refused as any keyless request is.
            return errors(HttpStatus.UNAUTHORIZED, List.of(GraphqlErrors.request(Status.Code.UNAUTHENTICATED,
                    "missing_api_key", "send an API key: Authorization: Bearer <key>")));
        }
        final HttpMethod method = req.method();
        if (method == HttpMethod.GET) {
            final GraphqlRequest request;
            try {
                request = GraphqlRequest.fromParameters(ctx.queryParam("query"), ctx.queryParam("variables"),
                                                        ctx.queryParam("operationName"));
            } catch (GatewayException e) {
                return failure(e);
            }
            return execute(ctx, request, true);
        }
        if (method != HttpMethod.POST) {
            return errors(HttpStatus.METHOD_NOT_ALLOWED, List.of(GraphqlErrors.request(Status.Code.INVALID_ARGUMENT,
                    "method_not_allowed", "/graphql takes POST (any operation) and GET (queries only)")));
        }
        final MediaType type = req.contentType();
        if (type == null || !type.is(MediaType.JSON)) {
            return errors(HttpStatus.UNSUPPORTED_MEDIA_TYPE, List.of(GraphqlErrors.request(
                    Status.Code.INVALID_ARGUMENT, "unsupported_media_type",
                    "POST /graphql takes Content-Type: application/json")));
        }
        return HttpResponse.of(req.aggregate().thenCompose(body -> {
            final GraphqlRequest request;
            try {
                request = GraphqlRequest.fromJson(read(body));
            } catch (GatewayException e) {
                return CompletableFuture.completedFuture(failure(e));
            }
            return CompletableFuture.completedFuture(execute(ctx, request, false));
        }));
    }

    private HttpResponse execute(ServiceRequestContext ctx, GraphqlRequest request, boolean overGet) {
        final OperationDefinition.Operation operation = operationOf(request);
        if (operation == OperationDefinition.Operation.SUBSCRIPTION) {
            return errors(HttpStatus.BAD_REQUEST, List.of(GraphqlErrors.request(Status.Code.INVALID_ARGUMENT,
                    "subscription_over_http", "subscriptions run over a WebSocket to /graphql with the "
                                              + "graphql-transport-ws protocol, not over HTTP")));
        }
        if (overGet && operation != OperationDefinition.Operation.QUERY) {
            return errors(HttpStatus.METHOD_NOT_ALLOWED, List.of(GraphqlErrors.request(Status.Code.INVALID_ARGUMENT,
                    "mutation_over_get", "GET /graphql runs queries only; send mutations with POST")));
        }
        final GraphqlCaller caller = new GraphqlCaller(ctx, () -> {
            final Call call = calls.forRequest(ctx, Surface.GRAPHQL);
            ctx.whenRequestCancelling().thenRun(call::cancel); // a client that goes away stops the provider call
            return call;
        });
        final ExecutionInput input = ExecutionInput.newExecutionInput().query(request.query())
                                                   .operationName(request.operationName())
                                                   .variables(request.variables())
                                                   .graphQLContext(Map.of(GraphqlCaller.class, caller)).build();
        return HttpResponse.of(engine.graphql().executeAsync(input).handle((result, cause) -> {
            if (cause != null) {
                return errors(HttpStatus.INTERNAL_SERVER_ERROR,
                              List.of(GraphqlErrors.of(cause, null, null)));
            }
            // Nothing ran: the document did not parse or validate, or the variables did not fit.
            return json(result.isDataPresent() ? HttpStatus.OK : HttpStatus.BAD_REQUEST, body(result));
        }));
    }

    /**
     * Returns the kind of operation {@code request} would run (the document's only one, or the one named); a query
     * when that is not known yet (the document does not parse, or has no such operation), which execution reports.
     */
    static OperationDefinition.Operation operationOf(GraphqlRequest request) {
        final ParseAndValidateResult parsed = ParseAndValidate.parse(ExecutionInput.newExecutionInput()
                .query(request.query()).operationName(request.operationName()).build());
        if (parsed.isFailure()) {
            return OperationDefinition.Operation.QUERY;
        }
        for (OperationDefinition operation : parsed.getDocument().getDefinitionsOfType(OperationDefinition.class)) {
            if (request.operationName() == null || request.operationName().equals(operation.getName())) {
                return operation.getOperation();
            }
        }
        return OperationDefinition.Operation.QUERY;
    }

    /** Returns the response body of {@code result}: {@code data} when it ran, {@code errors} when there are any. */
    static Map<String, Object> body(ExecutionResult result) {
        final Map<String, Object> body = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            body.put("errors", GraphqlErrors.toSpecification(result.getErrors()));
        }
        if (result.isDataPresent()) {
            body.put("data", result.getData());
        }
        return body;
    }

    private static JsonNode read(AggregatedHttpRequest body) {
        try {
            return ProtoGraph.mapper().readTree(body.contentUtf8());
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidArgument("", "the body is not JSON: send {\"query\": \"...\"}");
        }
    }

    private static HttpResponse failure(GatewayException e) {
        final com.google.rpc.Status status = ErrorStatus.orInternal(e);
        return errors(ErrorStatus.httpStatus(status.getCode()), List.of(GraphqlErrors.of(e, null, null)));
    }

    private static HttpResponse errors(HttpStatus status, List<GraphQLError> errors) {
        return json(status, Map.of("errors", GraphqlErrors.toSpecification(errors)));
    }

    private static HttpResponse json(HttpStatus status, Map<String, Object> body) {
        final byte[] bytes;
        try {
            bytes = ProtoGraph.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a GraphQL response", e);
        }
        return HttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8)
                                              .set(HttpHeaderNames.CACHE_CONTROL, "no-store").build(),
                               com.linecorp.armeria.common.HttpData.wrap(bytes));
    }
}
