package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.inject.Singleton;

import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.auth.CallerKey;
import dev.llmg.internal.server.ServerSettings;
import dev.llmg.spi.GatewayException;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Builds the {@link Call} of every front door, so that a caller, a deadline and a clock mean the same on
 * each.
 *
 * <ul>
 *   <li><b>Clock:</b> starts when the factory is asked, which every front door does at the same point: as soon
 *       as it holds the caller's message decoded from the wire (a protobuf message, a JSON tree) and before
 *       it turns it into the canonical request. Uploading the body is the caller's time; reading it is the
 *       gateway's.</li>
 *   <li><b>Deadline:</b> the earliest of the request's own timeout (Armeria's, which is
 *       {@code server.request_timeout} or a shorter gRPC deadline from {@code grpc-timeout}) and the
 *       caller's {@code x-llmg-timeout} header. A stream on a WebSocket gets {@code server.request_timeout}
 *       from its start (or the upgrade request's {@code x-llmg-timeout}), since the socket itself has no
 *       request timeout.</li>
 *   <li><b>Caller:</b> who {@link Authentication} found the request's key to be; on a WebSocket, checked again
 *       for each stream.</li>
 *   <li><b>Trace:</b> an HTTP call's spans hang from its request's server span; a WebSocket stream's from the
 *       trace context its upgrade request carried ({@link CallTrace}).</li>
 *   <li><b>Headers:</b> an HTTP call's response names its routing decision ({@link RoutingHeaders}) and the
 *       gateway's overhead ({@link ResponseOverhead}); a WebSocket's streams share one upgrade response, so
 *       their decisions are in their last pieces only.</li>
 * </ul>
 */
@Singleton
public final class CallFactory {

    /** The header in which a caller may ask for a shorter deadline, e.g. {@code 30s} or {@code 1500ms}. */
    public static final String TIMEOUT_HEADER = "x-llmg-timeout";

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private static final TextMapGetter<RequestHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(RequestHeaders carrier) {
            return carrier.names().stream().map(Object::toString).toList();
        }

        @Override
        public String get(RequestHeaders carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final ServerSettings settings;
    private final Set<CallObserver.Factory> observers;
    private final TextMapPropagator propagator;
    private final Authenticator authenticator;

    @Inject
    CallFactory(ServerSettings settings, Set<CallObserver.Factory> observers, TextMapPropagator propagator,
                Authenticator authenticator) {
        this.settings = requireNonNull(settings, "settings");
        this.observers = requireNonNull(observers, "observers");
        this.propagator = requireNonNull(propagator, "propagator");
        this.authenticator = requireNonNull(authenticator, "authenticator");
    }

    /**
     * Returns the call of an HTTP request (a gRPC service's, a REST or OpenAI route's, an SSE stream's);
     * throws an INVALID_ARGUMENT {@link GatewayException} for a malformed {@value #TIMEOUT_HEADER}.
     */
    public Call forRequest(ServiceRequestContext ctx, Surface surface) {
        final long now = System.nanoTime();
        Deadline deadline = requestDeadline(ctx, now);
        final Duration asked = askedTimeout(ctx);
        if (!asked.isZero()) {
            deadline = deadline.earlierOf(Deadline.after(asked, now));
        }
        final Context server = ctx.attr(CallTrace.SERVER_CONTEXT);
        final CallTrace trace = new CallTrace(server != null ? server : Context.root(), propagator);
        final Call call = new Call(ctx.id().text(), surface, callerOf(ctx), deadline, new CallClock(now),
                                   ctx.eventLoop(), trace, List.of(new ResponseOverhead(ctx)), observers);
        call.onRouted(decision -> RoutingHeaders.set(ctx, decision));
        call.onRateLimited(headers -> headers.addTo(ctx::setAdditionalResponseHeader));
        return call;
    }

    /**
     * Returns the call of one stream on a WebSocket opened by {@code upgrade}; {@code requestId} tells the
     * streams of one socket apart.
     */
    public Call forSocketStream(ServiceRequestContext upgrade, String requestId) {
        return forSocketStream(upgrade, requestId, Surface.WEBSOCKET, Optional.empty());
    }

    /**
     * Returns the call of one stream on a WebSocket of {@code surface}; {@code key} is a key the client sent in
     * the socket's own messages (GraphQL's {@code connection_init}), checked again now, else the upgrade's key is.
     */
    public Call forSocketStream(ServiceRequestContext upgrade, String requestId, Surface surface,
                                Optional<String> key) {
        final Caller who = key.isPresent() ? authenticator.authenticate(key) : socketCaller(upgrade);
        final long now = System.nanoTime();
        Deadline deadline = Deadline.after(settings.requestTimeout(), now);
        final Duration asked = askedTimeout(upgrade);
        if (!asked.isZero()) {
            deadline = deadline.earlierOf(Deadline.after(asked, now));
        }
        final Context caller = propagator.extract(Context.root(), upgrade.request().headers(), HEADERS);
        return new Call(requestId, surface, who, deadline, new CallClock(now),
                        upgrade.eventLoop(), new CallTrace(caller, propagator), List.of(), observers);
    }

    /** Returns what is left of the request's own timeout, measured from when its headers arrived. */
    private static Deadline requestDeadline(ServiceRequestContext ctx, long now) {
        final long timeoutMillis = ctx.requestTimeoutMillis();
        if (timeoutMillis <= 0) {
            return Deadline.none();
        }
        final long started = ctx.log().isAvailable(RequestLogProperty.REQUEST_START_TIME)
                              ? ctx.log().partial().requestStartTimeNanos() : now;
        return Deadline.after(Duration.ofMillis(timeoutMillis), started);
    }

    private static Duration askedTimeout(ServiceRequestContext ctx) {
        final String value = ctx.request().headers().get(TIMEOUT_HEADER);
        if (value == null) {
            return Duration.ZERO;
        }
        final Matcher m = TIMEOUT.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw GatewayException.invalidArgument(TIMEOUT_HEADER, TIMEOUT_HEADER + " must be a positive "
                    + "duration such as 30s, 1500ms or 2m (a bare number means seconds)");
        }
        final long amount = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms": return Duration.ofMillis(amount);
            case "m": return Duration.ofMinutes(amount);
            default: return Duration.ofSeconds(amount);
        }
    }

    private static Caller callerOf(ServiceRequestContext ctx) {
        return Authentication.callerOf(ctx);
    }

    /**
     * Returns who calls on a WebSocket: its key is checked again for every stream, since a socket may stay open
     * long after its key was revoked or expired (then the stream is refused, UNAUTHENTICATED, and the socket stays).
     */
    private Caller socketCaller(ServiceRequestContext upgrade) {
        final Caller atUpgrade = Authentication.callerOf(upgrade);
        return atUpgrade.key() == null ? atUpgrade : authenticator.authenticate(CallerKey.of(upgrade));
    }
}
