package dev.llmg.internal.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

import dev.llmg.api.json.v1.ErrorDetail;
import io.grpc.Status;

/**
 * Prints a {@code google.rpc.Status} as the JSON error every HTTP surface of the native API returns,
 * the shape the REST transcoding already uses:
 * {@code {"code":3,"grpc-code":"INVALID_ARGUMENT","message":"...","details":[{"@type":...}]}}.
 */
public final class ErrorJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Printer DETAIL_PRINTER =
            JsonFormat.printer().omittingInsignificantWhitespace()
                      .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                                                                .add(ErrorDetail.getDescriptor()).build());

    private ErrorJson() {}

    /** Returns the error as a JSON object, ready to be embedded in a larger message. */
    public static ObjectNode of(com.google.rpc.Status status) {
        final ObjectNode error = JSON.createObjectNode()
                                     .put("code", status.getCode())
                                     .put("grpc-code", Status.fromCodeValue(status.getCode()).getCode().name())
                                     .put("message", status.getMessage());
        if (status.getDetailsCount() > 0) {
            final ArrayNode details = error.putArray("details");
            for (Any detail : status.getDetailsList()) {
                try {
                    details.addRawValue(new RawValue(DETAIL_PRINTER.print(detail)));
                } catch (InvalidProtocolBufferException e) {
                    // A detail of a type this printer does not know: leave it out rather than fail the answer.
                }
            }
        }
        return error;
    }

    /** Returns the error as one line of JSON. */
    public static String print(com.google.rpc.Status status) {
        return of(status).toString();
    }

    /** Returns an HTTP response with the status's standard HTTP status and the error as its JSON body. */
    public static HttpResponse response(com.google.rpc.Status status) {
        return response(ErrorStatus.httpStatus(status.getCode()), status);
    }

    /** Returns an HTTP response with the given HTTP status (e.g. 413, which no gRPC code maps to). */
    public static HttpResponse response(HttpStatus httpStatus, com.google.rpc.Status status) {
        return aggregated(httpStatus, status).toHttpResponse();
    }

    /** Returns the whole answer with the given HTTP status, for Armeria's error handlers. */
    public static AggregatedHttpResponse aggregated(HttpStatus httpStatus, com.google.rpc.Status status) {
        final ResponseHeadersBuilder headers = ResponseHeaders.builder(httpStatus).contentType(MediaType.JSON_UTF_8);
        // A wait the gateway or the provider asked for is a header too, so that HTTP clients back off by themselves.
        ErrorStatus.detail(status).filter(ErrorDetail::hasRetryAfter).ifPresent(detail -> headers.add(
                "retry-after", Long.toString(detail.getRetryAfter().getSeconds()
                                             + (detail.getRetryAfter().getNanos() > 0 ? 1 : 0))));
        return AggregatedHttpResponse.of(headers.build(), HttpData.ofUtf8(print(status)));
    }
}
