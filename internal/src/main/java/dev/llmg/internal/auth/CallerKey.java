package dev.llmg.internal.auth;

import java.util.Optional;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;

import io.netty.util.AttributeKey;

/**
 * The key a caller presented, read once per request: {@code Authorization: Bearer <key>} (what OpenAI SDKs and most
 * gRPC callers send), else {@code x-api-key: <key>} (what Anthropic's SDKs send), else, on a WebSocket upgrade
 * only, the {@code api_key} query parameter, since browsers cannot set headers on a WebSocket. A key in a URL can
 * end up in proxies' logs and browser history, so the README calls that the less safe way.
 */
public final class CallerKey {

    /** The query parameter a WebSocket upgrade may carry the key in. */
    public static final String QUERY_PARAMETER = "api_key";

    private static final AttributeKey<String> KEY = AttributeKey.valueOf(CallerKey.class, "KEY");
    private static final String BEARER = "bearer ";

    private CallerKey() {}

    /** Returns the key the caller of the current request presented, if any (once {@link #read} has run). */
    public static Optional<String> of(RequestContext ctx) {
        return Optional.ofNullable(ctx.attr(KEY));
    }

    /** Reads the key from the request's headers (or a WebSocket upgrade's query) and keeps it on the context. */
    public static Optional<String> read(ServiceRequestContext ctx) {
        final RequestHeaders headers = ctx.request().headers();
        String key = null;
        final String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = authorization.substring(BEARER.length()).trim();
        }
        if (key == null || key.isEmpty()) {
            key = trimmed(headers.get("x-api-key"));
        }
        if ((key == null || key.isEmpty()) && isWebSocketUpgrade(headers)) {
            key = trimmed(ctx.queryParam(QUERY_PARAMETER));
        }
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        ctx.setAttr(KEY, key);
        return Optional.of(key);
    }

    /** Returns whether the request opens a WebSocket, over HTTP/1.1 (Upgrade) or HTTP/2 (RFC 8441). */
    private static boolean isWebSocketUpgrade(RequestHeaders headers) {
        return headers.contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION)
               && (headers.method() == HttpMethod.GET || headers.method() == HttpMethod.CONNECT);
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
