package dev.llmg.internal.server;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

/**
 * Re-renders, through the server's error handler, the plain-text errors Armeria's gRPC service writes
 * directly instead of raising them: a POST to a gRPC method with a content type that is not gRPC
 * ("Missing or invalid Content-Type header.") and a REST call carrying {@code grpc-encoding}. So every error
 * on the port comes in its surface's shape.
 *
 * <p>gRPC requests pass untouched: their errors are gRPC statuses already, and their answers may be streams.
 * The other answers of this service are transcoded unary calls, already whole when they leave it.
 */
final class PlainTextErrors extends SimpleDecoratingHttpService {

    PlainTextErrors(HttpService delegate) {
        super(delegate);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final HttpResponse response = unwrap().serve(ctx, req);
        if (isGrpc(req.contentType())) {
            return response;
        }
        return HttpResponse.of(response.aggregate().thenApply(answer -> {
            final MediaType type = answer.contentType();
            if (answer.status().code() < 400 || type == null || !type.is(MediaType.PLAIN_TEXT)) {
                return answer.toHttpResponse();
            }
            final AggregatedHttpResponse rendered = ctx.config().server().config().errorHandler().renderStatus(
                    ctx, ctx.config(), req.headers(), answer.status(), answer.contentUtf8(), null);
            return (rendered == null ? answer : rendered).toHttpResponse();
        }));
    }

    private static boolean isGrpc(MediaType type) {
        final SerializationFormat format = type == null ? null : SerializationFormat.find(type);
        return format != null && GrpcSerializationFormats.isGrpc(format);
    }
}
