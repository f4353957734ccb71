package dev.llmg.internal.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Answers a REST body that is not JSON at all with the same JSON error shape as every other bad request,
 * naming where the JSON broke, instead of Armeria's plain-text "400 Bad Request".
 *
 * <p>Armeria's transcoder rejects such bodies before any gRPC handler runs, as an
 * {@link HttpStatusException} caused by an {@link IllegalArgumentException}; everything else is left to
 * the default handling.
 */
final class JsonBadRequestHandler implements ServerErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (!(cause instanceof HttpStatusException)
            || ((HttpStatusException) cause).httpStatus() != HttpStatus.BAD_REQUEST
            || !(cause.getCause() instanceof IllegalArgumentException)) {
            return null;
        }
        final Throwable reason = cause.getCause();
        final String detail = reason.getCause() instanceof JsonProcessingException
                              ? "the request body is not valid JSON: "
                                + ((JsonProcessingException) reason.getCause()).getOriginalMessage()
                                + location((JsonProcessingException) reason.getCause())
                              : reason.getMessage();
        final ObjectNode body = JSON.createObjectNode().put("code", 3).put("grpc-code", "INVALID_ARGUMENT")
                                    .put("message", detail);
        return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.JSON_UTF_8, body.toString());
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                                              + e.getLocation().getColumnNr() + ')';
    }
}
