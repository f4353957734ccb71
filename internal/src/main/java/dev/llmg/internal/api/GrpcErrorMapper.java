package dev.llmg.internal.api;

import java.util.Map;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GoogleGrpcExceptionHandlerFunction;

import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Turns llmg's domain exceptions into gRPC statuses: the one place where errors get their wire form.
 *
 * <p>Every other surface (REST transcoding, OpenAI-compatible JSON) derives its HTTP status from the gRPC
 * code by the standard table. The status carries a {@code google.rpc.Status} with a
 * {@link ErrorDetail} in {@code grpc-status-details-bin}, so callers can act without parsing messages.
 * Expected failures are not logged as errors; anything else falls through to Armeria's default mapping.
 */
final class GrpcErrorMapper implements GoogleGrpcExceptionHandlerFunction {

    private static final Logger logger = LoggerFactory.getLogger(GrpcErrorMapper.class);

    private static final Map<ErrorKind, Status.Code> CODES = Map.of(
            ErrorKind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT,
            ErrorKind.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED,
            ErrorKind.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED,
            ErrorKind.NOT_FOUND, Status.Code.NOT_FOUND,
            ErrorKind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION,
            ErrorKind.RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED,
            ErrorKind.UNAVAILABLE, Status.Code.UNAVAILABLE,
            ErrorKind.TIMEOUT, Status.Code.DEADLINE_EXCEEDED,
            ErrorKind.CANCELLED, Status.Code.CANCELLED,
            ErrorKind.INTERNAL, Status.Code.INTERNAL);

    @Inject
    GrpcErrorMapper() {}

    @Override
    public com.google.rpc.Status applyStatusProto(RequestContext ctx, Throwable cause, Metadata metadata) {
        final GatewayException error;
        if (cause instanceof GatewayException) {
            error = (GatewayException) cause;
        } else if (cause instanceof InvalidProtocolBufferException) {
            // Only a caller's body is parsed into our messages by Armeria: JSON of the wrong shape.
            error = new GatewayException(ErrorKind.INVALID_ARGUMENT, "malformed_request", "",
                                         "the request body does not fit the request message (see /docs): "
                                         + cause.getMessage(), cause);
        } else {
            return null; // not ours: Armeria's default mapping applies
        }
        final Status.Code code = CODES.get(error.kind());
        if (code == Status.Code.INTERNAL) {
            logger.warn("{} failed: {}", ctx, error.getMessage(), error);
        }
        // Armeria puts this in grpc-status-details-bin and derives the status from it.
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(describe(error))
                                    .addDetails(Any.pack(detail(error))).build();
    }

    private static String describe(GatewayException error) {
        if (!(error instanceof ProviderException)) {
            return error.getMessage();
        }
        final ProviderException provider = (ProviderException) error;
        final StringBuilder text = new StringBuilder("provider '").append(provider.provider()).append("' ");
        text.append(provider.providerStatus() > 0 ? "answered " + provider.providerStatus() + ": "
                                                  : "failed: ").append(provider.getMessage());
        if (!provider.providerRequestId().isEmpty()) {
            text.append(" (provider request id ").append(provider.providerRequestId()).append(')');
        }
        return text.toString();
    }

    private static ErrorDetail detail(GatewayException error) {
        final ErrorDetail.Builder detail = ErrorDetail.newBuilder().setReason(error.reason()).setField(error.field());
        if (error instanceof ProviderException) {
            final ProviderException provider = (ProviderException) error;
            detail.setProvider(provider.provider()).setProviderRequestId(provider.providerRequestId())
                  .setProviderStatus(provider.providerStatus()).setRetryable(provider.retryable());
            provider.retryAfter().ifPresent(wait -> detail.setRetryAfter(
                    Duration.newBuilder().setSeconds(wait.getSeconds()).setNanos(wait.getNano())));
        }
        return detail.build();
    }
}
