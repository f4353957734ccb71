package dev.llmg.internal.api;

import javax.inject.Inject;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.llmg.internal.server.RouteContributor;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Answers the bad requests Armeria refuses before any llmg service runs with llmg's JSON error, instead of
 * Armeria's plain text: a REST body that is not JSON (the transcoder's 400) and a body over
 * {@code server.max_request_length} (413).
 *
 * <p>The OpenAI-compatible routes answer these in OpenAI's shape through their own route-level handler,
 * which Armeria consults first.
 */
public final class RestErrorHandler implements ServerErrorHandler, RouteContributor {

    @Inject
    RestErrorHandler() {}

    /** Returns the 413 answer for a body over {@code limit} bytes, for adapters that read bodies themselves. */
    public static AggregatedHttpResponse tooLarge(long limit) {
        return AggregatedHttpResponse.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, MediaType.JSON_UTF_8,
                                         ErrorJson.print(ErrorStatus.orInternal(new GatewayException(
                                                 ErrorKind.INVALID_ARGUMENT, "request_too_large", "",
                                                 "the request body is larger than the gateway accepts "
                                                 + "(server.max_request_length: " + limit + " bytes)", null))));
    }

    @Override
    public void addTo(ServerBuilder sb) {
        sb.errorHandler(this);
    }

    @Override
    public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (!(cause instanceof HttpStatusException)
            || ((HttpStatusException) cause).httpStatus() != HttpStatus.BAD_REQUEST
            || !(cause.getCause() instanceof IllegalArgumentException)) {
            return null;
        }
        // Armeria's transcoder refused the body before the gRPC handler ran: name where the JSON broke.
        final Throwable reason = cause.getCause();
        final String message = reason.getCause() instanceof JsonProcessingException
                               ? "the request body is not valid JSON: " + describe((JsonProcessingException) reason.getCause())
                               : reason.getMessage();
        return ErrorJson.response(HttpStatus.BAD_REQUEST, ErrorStatus.orInternal(
                new GatewayException(ErrorKind.INVALID_ARGUMENT, "malformed_request", "", message, reason)));
    }

    @Override
    public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
                                               HttpStatus status, String description, Throwable cause) {
        return status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? tooLarge(config.maxRequestLength()) : null;
    }

    private static String describe(JsonProcessingException e) {
        return e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                                                                         + ", column " + e.getLocation().getColumnNr() + ')');
    }
}
