package dev.llmg.internal.api.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.internal.api.ErrorStatus;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import io.grpc.Status;

/**
 * Writes every GraphQL error through llmg's one error mapping: {@code extensions.code} is the gRPC code's name
 * and {@code extensions.reason} the {@link ErrorDetail} reason, as on every other door; a failure llmg does not
 * know is INTERNAL with no details, and no error ever carries a stack trace.
 */
final class GraphqlErrors implements DataFetcherExceptionHandler {

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            DataFetcherExceptionHandlerParameters parameters) {
        final GraphQLError error = of(parameters.getException(), parameters.getPath(),
                                      parameters.getSourceLocation());
        return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
    }

    /** Returns the error a failure of a field (or of a whole stream) is, at {@code path} when known. */
    static GraphQLError of(Throwable failure, ResultPath path, SourceLocation location) {
        final com.google.rpc.Status status = ErrorStatus.orInternal(failure);
        final GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError().message(status.getMessage())
                                                                .extensions(extensions(status));
        if (path != null) {
            error.path(path);
        }
        if (location != null) {
            error.location(location);
        }
        return error.build();
    }

    /** Returns an error of the request itself (not of a field), with a gRPC code and a reason. */
    static GraphQLError request(Status.Code code, String reason, String message) {
        return GraphqlErrorBuilder.newError().message(message)
                                  .extensions(extensions(ErrorStatus.of(code, reason, message))).build();
    }

    /**
     * Returns {@code errors} as the JSON of a response; graphql-java's own errors (a document that does not parse
     * or validate, variables of the wrong type) are INVALID_ARGUMENT with their classification as the reason.
     */
    static List<Map<String, Object>> toSpecification(List<GraphQLError> errors) {
        final List<Map<String, Object>> json = new ArrayList<>(errors.size());
        for (GraphQLError error : errors) {
            final Map<String, Object> spec = new LinkedHashMap<>(error.toSpecification());
            @SuppressWarnings("unchecked")
            final Map<String, Object> given = (Map<String, Object>) spec.get("extensions");
            final Map<String, Object> extensions = given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given);
            extensions.remove("classification"); // graphql-java's, which names its exception classes
            if (!extensions.containsKey("code")) {
                extensions.put("code", Status.Code.INVALID_ARGUMENT.name());
                extensions.put("reason", reasonOf(error.getErrorType()));
            }
            spec.put("extensions", extensions);
            json.add(spec);
        }
        return json;
    }

    private static Map<String, Object> extensions(com.google.rpc.Status status) {
        final Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", Status.fromCodeValue(status.getCode()).getCode().name());
        final ErrorDetail detail = ErrorStatus.detail(status).orElse(ErrorDetail.getDefaultInstance());
        extensions.put("reason", detail.getReason());
        if (!detail.getField().isEmpty()) {
            extensions.put("field", detail.getField());
        }
        if (!detail.getProvider().isEmpty()) {
            extensions.put("provider", detail.getProvider());
        }
        if (detail.getRetryable()) {
            extensions.put("retryable", true);
        }
        return extensions;
    }

    /** Turns graphql-java's classification ({@code InvalidSyntax}, {@code ValidationError}) into a reason. */
    private static String reasonOf(ErrorClassification classification) {
        if (classification == null) {
            return "invalid_query";
        }
        return classification.toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
