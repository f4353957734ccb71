package dev.llmg.internal.api;

import javax.inject.Inject;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.util.Exceptions;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Answers the errors Armeria raises before or around llmg's services (no route, wrong method, request line
 * or headers too long, invalid path, a REST body the transcoder refused, a body over
 * {@code server.max_request_length}) in llmg's shape instead of Armeria's plain text: gRPC requests get a gRPC
 * status, everything else the native API's JSON error ({@link ErrorJson}).
 *
 * <p>The server consults it last: surfaces with a shape of their own (the OpenAI-compatible API under
 * {@code /v1}) register their handler first. Errors raised before the request line could be read (414, and
 * 431 over HTTP/1.1) name no path, so they always come in the native shape.
 */
public final class RestErrorHandler implements ServerErrorHandler {

    @Inject
    RestErrorHandler() {}

    /** Returns the 413 answer for a body over {@code limit} bytes, for adapters that read bodies themselves. */
    public static AggregatedHttpResponse tooLarge(long limit) {
        return ErrorJson.aggregated(HttpStatus.REQUEST_ENTITY_TOO_LARGE, ErrorStatus.orInternal(new GatewayException(
                ErrorKind.INVALID_ARGUMENT, "request_too_large", "",
                "the request body is larger than the gateway accepts (server.max_request_length: " + limit
                + " bytes)", null)));
    }

    @Override
    public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        final Throwable peeled = Exceptions.peel(cause);
        final RequestHeaders headers = ctx.request().headers();
        if (GrpcErrorResponse.isGrpc(headers)) {
            // A gRPC call whose response Armeria aborted carries its mapped status in the exception.
            final com.google.rpc.Status status = grpcStatus(peeled);
            return status == null ? null : GrpcErrorResponse.of(headers, status).toHttpResponse();
        }
        if (peeled instanceof HttpStatusException
            && ((HttpStatusException) peeled).httpStatus() == HttpStatus.BAD_REQUEST
            && peeled.getCause() instanceof IllegalArgumentException) {
            // Armeria's transcoder refused a REST request before the gRPC service ran.
            final IllegalArgumentException reason = (IllegalArgumentException) peeled.getCause();
            return ErrorJson.response(HttpStatus.BAD_REQUEST, ErrorStatus.of(
                    Status.Code.INVALID_ARGUMENT, "malformed_request", TranscodingFailures.describe(ctx, reason)));
        }
        return null;
    }

    @Override
    public @Nullable AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
                                                         @Nullable RequestHeaders headers, HttpStatus status,
                                                         @Nullable String description, @Nullable Throwable cause) {
        if (status.code() < 400) {
            return null;
        }
        final com.google.rpc.Status error = HttpErrors.of(status, headers, config, description, cause);
        return GrpcErrorResponse.isGrpc(headers) ? GrpcErrorResponse.of(headers, status, error)
                                                 : ErrorJson.aggregated(status, error);
    }

    private static com.google.rpc.@Nullable Status grpcStatus(Throwable cause) {
        if (cause instanceof StatusRuntimeException) {
            final StatusRuntimeException e = (StatusRuntimeException) cause;
            return withMessage(StatusProto.fromStatusAndTrailers(e.getStatus(), e.getTrailers()));
        }
        if (cause instanceof StatusException) {
            final StatusException e = (StatusException) cause;
            return withMessage(StatusProto.fromStatusAndTrailers(e.getStatus(), e.getTrailers()));
        }
        return null;
    }

    private static com.google.rpc.Status withMessage(com.google.rpc.Status status) {
        return status.toBuilder().setMessage(ErrorText.message(status.getMessage())).build();
    }
}
