package dev.llmg.internal.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.server.RequestMessageArrival;
import io.grpc.DecompressorRegistry;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * Maps what Armeria and grpc-java raise about a gRPC call's own bytes, before its message reaches the
 * service, to the status that tells the caller what to fix: a malformed {@code grpc-timeout}, a malformed or
 * oversized frame, a compression the gateway does not speak, a message that is not protobuf or JSON of its
 * type.
 *
 * <p>Armeria reports these as INTERNAL, RESOURCE_EXHAUSTED or UNKNOWN, with its class names in the message
 * or no message at all; all of them are the caller's mistakes.
 */
final class GrpcRequestFailures {

    /**
     * Armeria's deframer starts each of its messages with its class name (in armeria-grpc-protocol, which is
     * not on llmg's compile path).
     */
    private static final String DEFRAMER = "com.linecorp.armeria.common.grpc.protocol.ArmeriaMessageDeframer:";
    private static final String GRPC_TIMEOUT = "grpc-timeout";
    private static final String GRPC_ENCODING = "grpc-encoding";
    private static final Pattern FRAME_SIZE = Pattern.compile("Frame size (-?\\d+) exceeds maximum");
    /** A grpc-timeout value as the gRPC protocol defines it: at most 8 digits and a unit. */
    private static final Pattern TIMEOUT = Pattern.compile("\\d{1,8}[HMSmun]");

    private GrpcRequestFailures() {}

    /** Returns the status for a failure of the call on {@code ctx}, if it is about the caller's bytes. */
    static Optional<com.google.rpc.Status> of(RequestContext ctx, Status status, Throwable cause) {
        if (!(ctx instanceof ServiceRequestContext) || RequestMessageArrival.arrived(ctx)) {
            return Optional.empty(); // after the message arrived, failures are the service's to explain
        }
        final ServiceRequestContext sctx = (ServiceRequestContext) ctx;
        final String timeout = sctx.request().headers().get(GRPC_TIMEOUT);
        if (timeout != null && !TIMEOUT.matcher(timeout).matches()) {
            return Optional.of(ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "invalid_timeout",
                    "grpc-timeout '" + timeout + "' is not a timeout: send 1 to 8 digits and a unit "
                    + "(H, M, S, m, u or n), such as 30S"));
        }
        if (isTooLarge(cause)) {
            return Optional.of(tooLarge(sctx));
        }
        final Status reported = reportedStatus(status, cause);
        final String description = String.valueOf(reported.getDescription());
        if (description.startsWith(DEFRAMER)) {
            return Optional.of(framing(sctx, description.substring(DEFRAMER.length())));
        }
        if (reported.getCause() instanceof InvalidProtocolBufferException
            && reported.getCode() == Status.Code.INTERNAL) {
            // grpc-java's protobuf marshaller: "Invalid protobuf byte sequence".
            return Optional.of(ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "malformed_request",
                    "the message is not valid protobuf of the request type of " + method(sctx)));
        }
        final Throwable decodeFailure = reported.getCause() != null ? reported.getCause() : cause;
        if (causedBy(decodeFailure, ZipException.class)) {
            final String encoding = sctx.request().headers().get(GRPC_ENCODING, "identity");
            return Optional.of(ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "malformed_request",
                    "the gRPC frame is marked compressed, but its message is not valid '" + encoding
                    + "' data: compress it with the grpc-encoding the request names, or clear the compressed flag"));
        }
        if (DecodeFailures.isDecodeFailure(decodeFailure)) {
            return Optional.of(ErrorStatus.malformedRequest(decodeFailure));
        }
        return Optional.empty();
    }

    private static com.google.rpc.Status framing(ServiceRequestContext ctx, String problem) {
        if (problem.contains("reserved bits")) {
            return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "malformed_request",
                    "the gRPC frame header is malformed: its first byte is a flag, and only its lowest bit "
                    + "(compressed) may be set");
        }
        final Matcher size = FRAME_SIZE.matcher(problem);
        if (size.find() && size.group(1).startsWith("-")) {
            return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "malformed_request",
                    "the gRPC frame's length is not a valid length: the 4 bytes after the flag are the "
                    + "message's size, big-endian");
        }
        if (problem.contains("exceeds maximum")) {
            return tooLarge(ctx);
        }
        if (problem.contains("compression not configured")) {
            final String encoding = ctx.request().headers().get(GRPC_ENCODING);
            if (encoding != null && !encoding.equals("identity")
                && DecompressorRegistry.getDefaultInstance().lookupDecompressor(encoding) == null) {
                return ErrorStatus.of(Status.Code.UNIMPLEMENTED, "unsupported_encoding",
                        "grpc-encoding '" + encoding + "' is not supported; compress with one of "
                        + String.join(", ", DecompressorRegistry.getDefaultInstance().getKnownMessageEncodings())
                        + ", or send the message uncompressed");
            }
            return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "malformed_request",
                    "the gRPC frame is marked compressed, but the request names no grpc-encoding: send "
                    + "grpc-encoding: gzip with gzip data, or clear the compressed flag");
        }
        return ErrorStatus.of(Status.Code.INVALID_ARGUMENT, "malformed_request", "the gRPC frame is malformed");
    }

    private static com.google.rpc.Status tooLarge(ServiceRequestContext ctx) {
        return ErrorStatus.of(Status.Code.RESOURCE_EXHAUSTED, "request_too_large",
                "the request message is larger than the gateway accepts (server.max_request_length: "
                + ctx.maxRequestLength() + " bytes)");
    }

    private static boolean isTooLarge(Throwable failure) {
        return causedBy(failure, ContentTooLargeException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the status a StatusException carries (Armeria converts its deframer's errors to those). */
    private static Status reportedStatus(Status status, Throwable cause) {
        if (cause instanceof StatusRuntimeException) {
            return ((StatusRuntimeException) cause).getStatus();
        }
        if (cause instanceof StatusException) {
            return ((StatusException) cause).getStatus();
        }
        return status;
    }

    private static String method(ServiceRequestContext ctx) {
        final String path = ctx.path();
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
