package dev.llmg.internal.api;

import java.util.Optional;

import javax.inject.Inject;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;

/**
 * Gives the gRPC services (and their REST transcoding and gRPC-Web) llmg's one error mapping,
 * {@link ErrorStatus}, for every failure Armeria reports on a call: the services' domain exceptions, and the
 * caller's undecodable bytes ({@link GrpcRequestFailures}).
 *
 * <p>The {@code google.rpc.Status}, with its {@code ErrorDetail}, goes into {@code grpc-status-details-bin}.
 * Failures of the transport (a caller that went away, a timeout) keep Armeria's mapping; anything still
 * unknown is INTERNAL, logged, never UNKNOWN. Every message is bounded by {@link ErrorText}.
 */
final class GrpcErrorMapper implements GrpcExceptionHandlerFunction {

    private static final Metadata.Key<com.google.rpc.Status> DETAILS = Metadata.Key.of(
            "grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

    @Inject
    GrpcErrorMapper() {}

    @Override
    public Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
        final Optional<com.google.rpc.Status> known =
                ErrorStatus.of(cause).or(() -> GrpcRequestFailures.of(ctx, status, cause));
        if (known.isEmpty()) {
            // Cancellations, timeouts and statuses raised on purpose keep Armeria's mapping.
            final Status transport = GrpcExceptionHandlerFunction.of().apply(ctx, status, cause, metadata);
            if (transport.getCode() != Status.Code.UNKNOWN) {
                return transport.getDescription() == null
                       ? transport : transport.withDescription(ErrorText.message(transport.getDescription()));
            }
        }
        final com.google.rpc.Status mapped = known.orElseGet(() -> ErrorStatus.orInternal(cause));
        metadata.discardAll(DETAILS);
        metadata.put(DETAILS, mapped);
        return Status.fromCodeValue(mapped.getCode()).withDescription(mapped.getMessage()).withCause(cause);
    }
}
