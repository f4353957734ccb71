package dev.llmg.internal.api;

import java.util.Base64;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;

import io.grpc.Status;

/**
 * Answers a gRPC, gRPC-Web or gRPC-JSON request that failed before its service could, with a gRPC
 * "trailers-only" response (HTTP 200, {@code grpc-status}, {@code grpc-message} and the details), since
 * gRPC clients read any other HTTP status as UNKNOWN or INTERNAL.
 */
final class GrpcErrorResponse {

    private GrpcErrorResponse() {}

    /** Returns whether {@code headers} ask for one of the gRPC protocols. */
    static boolean isGrpc(@Nullable RequestHeaders headers) {
        final MediaType type = headers == null ? null : headers.contentType();
        final SerializationFormat format = type == null ? null : SerializationFormat.find(type);
        return format != null && GrpcSerializationFormats.isGrpc(format);
    }

    /**
     * Returns the response carrying {@code status} for an HTTP error Armeria chose, with the gRPC code gRPC
     * expects for it: an unknown path or method is UNIMPLEMENTED, a body too large RESOURCE_EXHAUSTED.
     */
    static AggregatedHttpResponse of(RequestHeaders request, HttpStatus http, com.google.rpc.Status status) {
        final Status.Code code;
        switch (http.code()) {
            case 404:
            case 405:
                code = Status.Code.UNIMPLEMENTED;
                break;
            case 413:
                code = Status.Code.RESOURCE_EXHAUSTED;
                break;
            default:
                code = Status.fromCodeValue(status.getCode()).getCode();
        }
        return of(request, status.toBuilder().setCode(code.value()).build());
    }

    /** Returns the response carrying {@code status} as it is. */
    static AggregatedHttpResponse of(RequestHeaders request, com.google.rpc.Status status) {
        final MediaType type = request.contentType();
        return AggregatedHttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK)
                               .contentType(type == null ? MediaType.parse("application/grpc") : type)
                               .add("grpc-status", Integer.toString(status.getCode()))
                               .add("grpc-message", GrpcMessageText.encode(status.getMessage()))
                               .add("grpc-status-details-bin",
                                    Base64.getEncoder().withoutPadding().encodeToString(status.toByteArray()))
                               .build());
    }
}
