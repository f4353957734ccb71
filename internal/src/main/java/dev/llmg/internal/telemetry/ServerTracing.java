package dev.llmg.internal.telemetry;

import java.util.function.Function;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import dev.llmg.internal.call.CallTrace;
import io.opentelemetry.context.Context;

/**
 * Gives each HTTP request a SERVER span through OpenTelemetry's Armeria instrumentation (which accepts the
 * caller's W3C trace context and records {@code http.server.request.duration}), and keeps that span's context
 * on the request, where {@link dev.llmg.internal.call.CallFactory} finds it for the call's own spans.
 *
 * <p>Not traced: the WebSocket, whose upgrade request carries many calls, each of which gets a SERVER span of
 * its own ({@link CallSpans}); and the operators' endpoints (metrics, health, docs), which would only be noise.
 */
final class ServerTracing extends SimpleDecoratingHttpService {

    private final HttpService traced;

    ServerTracing(HttpService delegate, Function<? super HttpService, ? extends HttpService> instrumentation) {
        super(delegate);
        traced = instrumentation.apply(new KeepServerContext(delegate));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        return untraced(ctx.path()) ? unwrap().serve(ctx, req) : traced.serve(ctx, req);
    }

    /** Returns whether requests to {@code path} go without a span. */
    static boolean untraced(String path) {
        return path.equals("/metrics") || path.equals("/healthz") || path.startsWith("/docs") || path.startsWith("/ui")
               || path.equals("/api/v1/ws") || path.startsWith("/grpc.health.v1.Health/")
               || path.startsWith("/grpc.reflection.");
    }

    /** Notes the server span's context on the request while it is current, inside the instrumentation. */
    private static final class KeepServerContext extends SimpleDecoratingHttpService {

        KeepServerContext(HttpService delegate) {
            super(delegate);
        }

        @Override
        public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
            ctx.setAttr(CallTrace.SERVER_CONTEXT, Context.current());
            return unwrap().serve(ctx, req);
        }
    }
}
