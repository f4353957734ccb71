package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.api.ErrorText;
import dev.llmg.internal.providers.json.StructJson;

/**
 * Writes every error of the OpenAI-compatible API in OpenAI's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}, so that OpenAI's SDKs raise their usual exceptions.
 *
 * <p>The status comes from llmg's one mapping, {@link ErrorStatus}: domain error, then gRPC code, then HTTP
 * status by the standard table. The request field to fix becomes {@code param}, the reason {@code code}, and
 * the type follows the status as OpenAI's does. A provider's Retry-After hint is passed on as a header.
 */
final class OpenAiErrorWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiErrorWriter() {}

    /** Answers {@code failure}, whatever it is; anything unknown is a 500 that reveals nothing internal. */
    static HttpResponse response(Throwable failure) {
        return aggregated(failure).toHttpResponse();
    }

    /** Returns the whole answer to {@code failure}: status, headers and body. */
    static AggregatedHttpResponse aggregated(Throwable failure) {
        Throwable cause = ErrorStatus.unwrap(failure);
        if (isTooLarge(cause)) {
            cause = tooLarge(0);
        }
        if (cause instanceof OpenAiHttpError) {
            final OpenAiHttpError error = (OpenAiHttpError) cause;
            return response(ResponseHeaders.builder(error.status()),
                            body(error.status(), ErrorText.message(error.getMessage()), "", error.code()));
        }
        final com.google.rpc.Status status = ErrorStatus.orInternal(cause);
        final ErrorDetail detail = ErrorStatus.detail(status).orElse(ErrorDetail.getDefaultInstance());
        final HttpStatus http = ErrorStatus.httpStatus(status.getCode());
        final ResponseHeadersBuilder headers = ResponseHeaders.builder(http);
        if (detail.hasRetryAfter()) {
            final long seconds = detail.getRetryAfter().getSeconds() + (detail.getRetryAfter().getNanos() > 0 ? 1 : 0);
            headers.add("retry-after", Long.toString(seconds));
        }
        final ObjectNode body = body(http, status.getMessage(), detail.getField(), detail.getReason());
        // Azure's clients read which content filter fired from error.innererror: it stays where they look.
        detail.getProviderDetails().getFieldsMap().forEach((name, value) -> ((ObjectNode) body.get("error"))
                .set(name, StructJson.toJson(value)));
        return response(headers, body);
    }

    /** Returns the answer for an HTTP error Armeria chose, explained by {@code status} ({@code HttpErrors}). */
    static AggregatedHttpResponse aggregated(HttpStatus http, com.google.rpc.Status status) {
        final ErrorDetail detail = ErrorStatus.detail(status).orElse(ErrorDetail.getDefaultInstance());
        return response(ResponseHeaders.builder(http), body(http, status.getMessage(), detail.getField(),
                                                            detail.getReason()));
    }

    /** Returns the body for {@code failure} as a stream event, for errors after a stream has started. */
    static ObjectNode streamEvent(Throwable failure) {
        final com.google.rpc.Status status = ErrorStatus.orInternal(failure);
        final ErrorDetail detail = ErrorStatus.detail(status).orElse(ErrorDetail.getDefaultInstance());
        return body(ErrorStatus.httpStatus(status.getCode()), status.getMessage(), detail.getField(),
                    detail.getReason());
    }

    /**
     * Answers the failures Armeria reports before or around the service, such as a body over
     * {@code server.max_request_length}; returns null for anything else, which the server's handler answers.
     */
    static HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        return isTooLarge(ErrorStatus.unwrap(cause)) ? response(tooLarge(ctx.maxRequestLength())) : null;
    }

    /** Returns whether {@code cause} says the request body was over the size limit. */
    static boolean isTooLarge(Throwable cause) {
        return cause instanceof ContentTooLargeException
               || cause instanceof HttpStatusException && cause.getCause() instanceof ContentTooLargeException;
    }

    /** Returns the 413 error of a body over {@code maxBytes} (0 when unknown). */
    static OpenAiHttpError tooLarge(long maxBytes) {
        return new OpenAiHttpError(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "request_too_large",
                                   "the request body is larger than this gateway accepts (server.max_request_length"
                                   + (maxBytes > 0 ? " = " + maxBytes + " bytes" : "") + ')');
    }

    /** Returns OpenAI's error type for an HTTP status. */
    static String type(HttpStatus status) {
        switch (status.code()) {
            case 401:
                return "authentication_error";
            case 403:
                return "permission_error";
            case 429:
                return "rate_limit_error";
            case 503:
                return "service_unavailable";
            default:
                return status.code() >= 500 ? "server_error" : "invalid_request_error";
        }
    }

    private static ObjectNode body(HttpStatus status, String message, String param, String code) {
        final ObjectNode error = NODES.objectNode();
        error.putObject("error")
             .put("message", message == null || message.isEmpty() ? status.reasonPhrase() : message)
             .put("type", type(status))
             .put("param", param.isEmpty() ? null : param)
             .put("code", code.isEmpty() ? null : code);
        return error;
    }

    private static AggregatedHttpResponse response(ResponseHeadersBuilder headers, ObjectNode body) {
        return AggregatedHttpResponse.of(headers.contentType(MediaType.JSON_UTF_8).build(),
                                         HttpData.ofUtf8(body.toString()));
    }
}
