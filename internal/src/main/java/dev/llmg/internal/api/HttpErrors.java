package dev.llmg.internal.api;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServerConfig;
import com.linecorp.armeria.server.ServiceConfig;

import dev.llmg.spi.GatewayException;
import io.grpc.Status;

/**
 * Explains the HTTP errors Armeria decides on before or around a service (no route, wrong method, request
 * line or headers too long, invalid path, body too large, timeouts) as a {@code google.rpc.Status}: the gRPC
 * code, a message that says what to fix, and an {@code ErrorDetail} reason. Each surface prints it in its own
 * shape; the HTTP status stays the one Armeria chose.
 */
public final class HttpErrors {

    private HttpErrors() {}

    /**
     * Returns the status explaining {@code status}.
     *
     * @param headers the request's headers, or null when the request could not be read that far
     * @param description Armeria's own short description of a protocol violation, if any
     */
    public static com.google.rpc.Status of(HttpStatus status, @Nullable RequestHeaders headers, ServiceConfig config,
                                           @Nullable String description, @Nullable Throwable cause) {
        final GatewayException refusal = refusal(cause);
        if (refusal != null) {
            return ErrorStatus.orInternal(refusal); // a decorator's refusal (e.g. an unknown key) says it all
        }
        final ServerConfig server = config.server().config();
        switch (status.code()) {
            case 400:
                return invalid("malformed_request", badRequest(String.valueOf(description)));
            case 404:
                return ErrorStatus.of(Status.Code.NOT_FOUND, "unknown_route",
                        "no route for " + request(headers) + "; llmg's native API is under /api/v1, the "
                        + "OpenAI-compatible API under /v1 (see /docs)");
            case 405:
                return ErrorStatus.of(Status.Code.UNIMPLEMENTED, "method_not_allowed",
                        headers == null || headers.method() == HttpMethod.UNKNOWN
                        ? "the request's method is not one the gateway serves; use GET or POST"
                        : "method " + headers.method() + " is not allowed on " + path(headers));
            case 408:
                return ErrorStatus.of(Status.Code.DEADLINE_EXCEEDED, "request_timeout",
                        "the request did not arrive in time (server.request_timeout: "
                        + config.requestTimeoutMillis() + " ms)");
            case 413:
                return invalid("request_too_large", "the request body is larger than the gateway accepts "
                                                    + "(server.max_request_length: " + config.maxRequestLength()
                                                    + " bytes)");
            case 414:
                return invalid("request_line_too_long",
                        "the request line (method, path and query) is longer than the gateway accepts ("
                        + server.http1MaxInitialLineLength() + " bytes); send long values in the body");
            case 415:
                return invalid("unsupported_media_type", unsupportedMediaType(headers, String.valueOf(description)));
            case 417:
                return invalid("expectation_failed", "the only expectation the gateway meets is "
                                                     + "'Expect: 100-continue'");
            case 431:
                return invalid("headers_too_large", "the request headers are larger than the gateway accepts ("
                                                    + server.http1MaxHeaderSize() + " bytes)");
            case 503:
                return ErrorStatus.of(Status.Code.UNAVAILABLE, "unavailable",
                        cause instanceof RequestTimeoutException
                        ? "the call did not finish within server.request_timeout ("
                          + config.requestTimeoutMillis() + " ms)"
                        : "the gateway cannot take this call now (it may be shutting down); retry");
            default:
                return status.isServerError()
                       ? ErrorStatus.of(Status.Code.INTERNAL, "internal", "internal error; the gateway's log has "
                                                                          + "the details")
                       : invalid("bad_request", status.reasonPhrase());
        }
    }

    /** Returns the gateway's own reason for the status, when a decorator raised it with one. */
    private static @Nullable GatewayException refusal(@Nullable Throwable cause) {
        Throwable at = cause;
        for (int depth = 0; at != null && depth < 3; depth++, at = at.getCause()) {
            if (at instanceof GatewayException) {
                return (GatewayException) at;
            }
        }
        return null;
    }

    private static com.google.rpc.Status invalid(String reason, String message) {
        return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, reason, message);
    }

    /** Words for Armeria's descriptions of the requests it could not decode. */
    private static String badRequest(String description) {
        if (description.contains("path")) {
            return "the request path is not valid: it must be absolute, without '..' segments, and every '%' "
                   + "must start a two-digit hex escape";
        }
        if (description.contains("content length")) {
            return "the Content-Length header must be a number of bytes";
        }
        if (description.contains("Decoder failure")) {
            return "the request is not valid HTTP: check the request line and that each header line reads "
                   + "'name: value'";
        }
        return "the request is not valid HTTP: " + DecodeFailures.sanitize(description);
    }

    /** Words for a 415; the descriptions are those Armeria's gRPC service answers with directly. */
    private static String unsupportedMediaType(@Nullable RequestHeaders headers, String description) {
        if (description.contains("gRPC encoding")) {
            return "grpc-encoding is for gRPC requests only; send the REST body as plain JSON, without it";
        }
        final String type = headers == null || headers.contentType() == null
                            ? "no content-type" : "content-type '" + headers.contentType() + '\'';
        if (description.contains("Content-Type")) {
            return "a gRPC method takes content-type application/grpc, application/grpc-web or "
                   + "application/grpc+json, not " + type + "; REST callers use /api/v1 (see /docs)";
        }
        return type + " is not accepted here; send application/json";
    }

    private static String request(@Nullable RequestHeaders headers) {
        return headers == null ? "this request" : headers.method() + " " + path(headers);
    }

    private static String path(RequestHeaders headers) {
        final String path = headers.path();
        final int query = path.indexOf('?');
        return '\'' + (query < 0 ? path : path.substring(0, query)) + '\'';
    }
}
