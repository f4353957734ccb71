package dev.llmg.internal.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import dev.llmg.internal.call.Caller;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.netty.util.AttributeKey;

/**
 * Authenticates every request but the few that must work without a key (health checks, the API docs, metrics,
 * the dashboard's static files, which hold no data, gRPC health and reflection, CORS preflights), in one place
 * for every front door, and keeps the caller on the request context for the call factory and the APIs that read
 * records. A refusal is rendered by the server's error handlers from its {@link GatewayException}, so that it
 * comes in the shape of the request's surface (a gRPC status, OpenAI's JSON under {@code /v1}, the native JSON
 * elsewhere).
 *
 * <p>The admin API ({@code /api/v1/admin}, {@code gatewayapi.v1.AdminService}) takes admin keys only.
 *
 * <p>A browser's plain GET of {@code /graphql} (its explorer page, which runs nothing) is open. A
 * {@code graphql-transport-ws} upgrade to {@code /graphql} without a key is let through unauthenticated:
 * browsers cannot set headers on a WebSocket, and that protocol carries the key in its {@code connection_init}
 * message, which the GraphQL socket checks (closing with 4403 without one) before it runs anything.
 */
public final class Authentication extends SimpleDecoratingHttpService {

    private static final AttributeKey<Caller> CALLER = AttributeKey.valueOf(Authentication.class, "CALLER");

    private static final List<String> OPEN_PREFIXES = List.of(
            "/healthz", "/docs/", "/docs", "/metrics", "/ui/", "/ui", "/grpc.health.v1.Health/", "/grpc.reflection.");
    private static final List<String> ADMIN_PREFIXES = List.of("/api/v1/admin/", "/gatewayapi.v1.AdminService/");

    /** The GraphQL endpoint, whose WebSocket may authenticate by its first message. */
    private static final String GRAPHQL_PATH = "/graphql";
    private static final String GRAPHQL_SUBPROTOCOL = "graphql-transport-ws";

    private final Authenticator authenticator;

    /** Decorates {@code delegate} so that its requests are authenticated first. */
    public Authentication(HttpService delegate, Authenticator authenticator) {
        super(delegate);
        this.authenticator = requireNonNull(authenticator, "authenticator");
    }

    /** Returns who is calling in the request of {@code ctx} (anonymous when it was not authenticated). */
    public static Caller callerOf(RequestContext ctx) {
        final Caller caller = ctx.attr(CALLER);
        return caller == null ? Caller.anonymous() : caller;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final String path = ctx.path();
        if (req.method() == HttpMethod.OPTIONS || isOpen(path)) {
            return unwrap().serve(ctx, req);
        }
        final Optional<String> key = CallerKey.read(ctx);
        if (key.isEmpty() && isGraphqlExplorerPage(ctx, req)) {
            return unwrap().serve(ctx, req); // a static page; what it runs is sent with the key typed into it
        }
        if (key.isEmpty() && isGraphqlSocketUpgrade(ctx, req)) {
            return unwrap().serve(ctx, req); // no caller yet: the socket authenticates its connection_init
        }
        final Caller caller;
        try {
            caller = authenticator.authenticate(key);
        } catch (GatewayException e) {
            return refuse(ctx, req, HttpStatus.UNAUTHORIZED, e);
        }
        if (!caller.admin() && startsWithAny(path, ADMIN_PREFIXES)) {
            return refuse(ctx, req, HttpStatus.FORBIDDEN, new GatewayException(
                    ErrorKind.PERMISSION_DENIED, "admin_key_required",
                    "the admin API takes only the keys of auth.admin_keys"));
        }
        ctx.setAttr(CALLER, caller);
        return unwrap().serve(ctx, req);
    }

    /** Answers with {@code status} in the shape of the request's surface, by the server's error handlers. */
    private static HttpResponse refuse(ServiceRequestContext ctx, HttpRequest req, HttpStatus status,
                                       GatewayException reason) {
        req.abort(); // the body is not read: nothing in it is for a caller the gateway does not serve
        final AggregatedHttpResponse rendered = ctx.config().server().config().errorHandler().renderStatus(
                ctx, ctx.config(), req.headers(), status, null, reason);
        return rendered != null ? rendered.toHttpResponse() : HttpResponse.of(status);
    }

    /** Returns whether {@code req} is a browser's GET of the GraphQL explorer page, which runs nothing itself. */
    private static boolean isGraphqlExplorerPage(ServiceRequestContext ctx, HttpRequest req) {
        final String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        return GRAPHQL_PATH.equals(ctx.path()) && req.method() == HttpMethod.GET && ctx.query() == null
               && accept != null && accept.contains("text/html")
               && !req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
    }

    /** Returns whether {@code req} opens a GraphQL WebSocket, whose first message may carry the key instead. */
    private static boolean isGraphqlSocketUpgrade(ServiceRequestContext ctx, HttpRequest req) {
        final String protocols = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        if (!GRAPHQL_PATH.equals(ctx.path()) || protocols == null || !protocols.contains(GRAPHQL_SUBPROTOCOL)
            || !req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION)) {
            return false;
        }
        // HTTP/1.1 upgrades with GET and Upgrade; HTTP/2 opens WebSockets with CONNECT and :protocol (RFC 8441).
        return req.method() == HttpMethod.GET
               ? "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))
               : req.method() == HttpMethod.CONNECT
                 && "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.PROTOCOL));
    }

    private static boolean isOpen(String path) {
        for (String prefix : OPEN_PREFIXES) {
            if (prefix.endsWith("/") || prefix.endsWith(".") ? path.startsWith(prefix) : path.equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
