package dev.llmg.internal.api;

import java.util.Base64;

import javax.inject.Inject;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;

import io.grpc.Status;

/**
 * Prints the gRPC status of a failed REST (transcoded) call as llmg's JSON error ({@link ErrorJson}).
 *
 * <p>Armeria's own JSON handler copies {@code grpc-message} as it travels, percent-encoded, so that any
 * line break or non-ASCII character came out as {@code %0A} or {@code %E2%80%A6}; this one takes the message
 * and the {@code ErrorDetail} from {@code grpc-status-details-bin}, where llmg's mapping put them unencoded.
 */
final class TranscodingErrorJson implements UnframedGrpcErrorHandler {

    @Inject
    TranscodingErrorJson() {}

    @Override
    public HttpResponse handle(ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
        final HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        final com.google.rpc.Status error = details(trailers.get("grpc-status-details-bin"), status);
        return ErrorJson.response(ErrorStatus.httpStatus(error.getCode()),
                                  error.toBuilder().setMessage(ErrorText.message(error.getMessage())).build());
    }

    private static com.google.rpc.Status details(String detailsBin, Status status) {
        if (detailsBin != null) {
            try {
                final com.google.rpc.Status details =
                        com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(detailsBin));
                if (details.getCode() == status.getCode().value()) {
                    return details;
                }
            } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
                // Not llmg's: fall back to the status line.
            }
        }
        return com.google.rpc.Status.newBuilder().setCode(status.getCode().value())
                                    .setMessage(status.getDescription() == null
                                                ? "" : GrpcMessageText.decode(status.getDescription()))
                                    .build();
    }
}
