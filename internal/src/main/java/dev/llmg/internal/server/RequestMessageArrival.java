package dev.llmg.internal.server;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.netty.util.AttributeKey;

/**
 * Notes on the request context when a gRPC call's request message has been decoded and handed to the
 * service, so that the error mapping can tell the caller's undecodable bytes (INVALID_ARGUMENT) from llmg's
 * own failures (INTERNAL): before that moment, only Armeria and protobuf have touched the call.
 *
 * <p>It also turns grpc-java's two statuses about the number of request messages, which grpc-java closes as
 * INTERNAL with no cause, into INVALID_ARGUMENT with a message that says what to send.
 */
public final class RequestMessageArrival implements ServerInterceptor {

    private static final AttributeKey<Boolean> ARRIVED =
            AttributeKey.valueOf(RequestMessageArrival.class, "ARRIVED");

    // The descriptions grpc-java's ServerCalls closes unary and server-streaming calls with.
    private static final String MISSING_REQUEST = "Half-closed without a request";
    private static final String TOO_MANY_REQUESTS = "Too many requests";

    /** Returns whether the request message of the call on {@code ctx} reached the service. */
    public static boolean arrived(RequestContext ctx) {
        return Boolean.TRUE.equals(ctx.attr(ARRIVED));
    }

    @Override
    public <I, O> ServerCall.Listener<I> interceptCall(ServerCall<I, O> call, Metadata headers,
                                                       ServerCallHandler<I, O> next) {
        final ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        final ServerCall<I, O> checked = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(withReason(status), trailers);
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(checked, headers)) {
            @Override
            public void onMessage(I message) {
                if (ctx != null) {
                    ctx.setAttr(ARRIVED, true);
                }
                super.onMessage(message);
            }
        };
    }

    /**
     * Gives grpc-java's cause-less INTERNAL statuses about the request count a domain cause, which the error
     * mapping turns into INVALID_ARGUMENT with its ErrorDetail.
     */
    private static Status withReason(Status status) {
        if (status.getCode() != Status.Code.INTERNAL || status.getCause() != null) {
            return status;
        }
        if (MISSING_REQUEST.equals(status.getDescription())) {
            return Status.INTERNAL.withCause(malformed(
                    "the body holds no complete gRPC message: send one 5-byte frame header, then as many bytes "
                    + "as the header's length says"));
        }
        if (TOO_MANY_REQUESTS.equals(status.getDescription())) {
            return Status.INTERNAL.withCause(malformed(
                    "this method takes exactly one request message, and the body holds more than one"));
        }
        return status;
    }

    private static GatewayException malformed(String message) {
        return new GatewayException(ErrorKind.INVALID_ARGUMENT, "malformed_request", "", message, null);
    }
}
