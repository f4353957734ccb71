package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.util.SafeCloseable;

import io.netty.util.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Where one call sits in a distributed trace: the context its spans hang from (the front door's server span),
 * and the context of the attempt in flight, which routing makes current while it sends the attempt so that
 * the provider's request carries it upstream as W3C trace context.
 *
 * <p>It lives on the {@link Call} rather than on a thread: a call's work hops between event loops and
 * callbacks, where no thread-local context survives.
 */
public final class CallTrace {

    /**
     * The context of an HTTP request's server span, kept on Armeria's request context by the telemetry
     * decorator, since it is current only while the decorator runs.
     */
    public static final AttributeKey<Context> SERVER_CONTEXT = AttributeKey.valueOf(CallTrace.class, "SERVER_CONTEXT");

    private static final TextMapSetter<HttpHeadersBuilder> HEADERS = (headers, name, value) -> {
        if (headers != null) {
            headers.set(name, value);
        }
    };

    private final TextMapPropagator propagator;
    private volatile Context server;
    private volatile Context attempt;

    CallTrace(Context server, TextMapPropagator propagator) {
        this.server = requireNonNull(server, "server");
        this.attempt = server;
        this.propagator = requireNonNull(propagator, "propagator");
    }

    /** Returns a trace that records nothing and sends nothing upstream, for calls made without a server. */
    static CallTrace none() {
        return new CallTrace(Context.root(), TextMapPropagator.noop());
    }

    /** Returns the context of the call's server span: what its own spans hang from. */
    public Context server() {
        return server;
    }

    /** Replaces the server context, when telemetry starts the call's server span itself (a WebSocket stream). */
    public void serverStarted(Context context) {
        server = requireNonNull(context, "context");
        attempt = context;
    }

    /** Notes the context of the attempt about to be sent; {@link #enterAttempt()} makes it current. */
    public void attemptStarted(Context context) {
        attempt = requireNonNull(context, "context");
    }

    /** Returns the id of the call's trace, or null when it has none. */
    public String traceId() {
        final SpanContext span = Span.fromContext(server).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /**
     * Makes the attempt's context current on this thread, and has every Armeria client request made before
     * the returned handle closes carry it upstream ({@code traceparent}); routing wraps the sending of an
     * attempt in it.
     */
    public SafeCloseable enterAttempt() {
        final Context context = attempt;
        if (context == Context.root()) {
            return () -> { };
        }
        final Scope scope = context.makeCurrent();
        final SafeCloseable headers = Clients.withHeaders(builder -> propagator.inject(context, builder, HEADERS));
        return () -> {
            headers.close();
            scope.close();
        };
    }
}
