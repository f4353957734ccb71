package dev.llmg.internal.auth;

import java.util.Optional;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

import io.netty.util.AttributeKey;

/**
 * The key a caller presented, read once per request from {@code Authorization: Bearer <key>} (what OpenAI
 * SDKs and gRPC callers send) and kept on the request context for whoever needs it.
 *
 * <p>This is the seam of the grouping issue: keys will resolve to endpoints, groups, teams and tenants
 * there. Until then no key is required and none is checked. Browsers cannot set headers on a WebSocket
 * upgrade, so that adapter may {@link #set} a key it read from the query string instead.
 */
public final class CallerKey extends SimpleDecoratingHttpService {

    private static final AttributeKey<String> KEY = AttributeKey.valueOf(CallerKey.class, "KEY");
    private static final String BEARER = "bearer ";

    /** Decorates {@code delegate} so that the caller's key is on the context before it serves. */
    public CallerKey(HttpService delegate) {
        super(delegate);
    }

    /** Returns the key the caller of the current request presented, if any. */
    public static Optional<String> of(RequestContext ctx) {
        return Optional.ofNullable(ctx.attr(KEY));
    }

    /** Records a key found elsewhere than in the Authorization header (e.g. a WebSocket query parameter). */
    public static void set(RequestContext ctx, String key) {
        if (!key.isBlank()) {
            ctx.setAttr(KEY, key.trim());
        }
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        final String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            set(ctx, authorization.substring(BEARER.length()));
        }
        return unwrap().serve(ctx, req);
    }
}
