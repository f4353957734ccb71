package dev.llmg.internal.api;

import javax.inject.Inject;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GoogleGrpcExceptionHandlerFunction;

import io.grpc.Metadata;

/**
 * Gives the gRPC services (and their REST transcoding) llmg's one error mapping, {@link ErrorStatus}.
 *
 * <p>Armeria puts the returned {@code google.rpc.Status}, with its {@code ErrorDetail}, in
 * {@code grpc-status-details-bin} and derives the status from it; failures llmg does not know fall
 * through to Armeria's default mapping.
 */
final class GrpcErrorMapper implements GoogleGrpcExceptionHandlerFunction {

    @Inject
    GrpcErrorMapper() {}

    @Override
    public com.google.rpc.Status applyStatusProto(RequestContext ctx, Throwable cause, Metadata metadata) {
        return ErrorStatus.of(cause).orElse(null);
    }
}
