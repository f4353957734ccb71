package dev.llmg.internal.call;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;

/**
 * Names a call's routing decision in response headers, so that callers and proxies see who answered without
 * reading the body: the same headers on every HTTP front door, and as gRPC response headers.
 *
 * <ul>
 *   <li>{@value #MODEL}: the provider's model that answered (or was tried last)</li>
 *   <li>{@value #PROVIDER}: the configured provider that answered (or was tried last)</li>
 *   <li>{@value #ATTEMPTS}: how many attempts the call made</li>
 *   <li>{@value #ROUTE}: the model or group routed to, then {@code ; rule=NAME} when a rule chose it and
 *       {@code ; fallback=NAME} when a fallback model answered</li>
 * </ul>
 *
 * <p>They are updated as each attempt ends, so an error carries them too; once the response headers have
 * left (a stream's first piece), they no longer change.
 */
final class RoutingHeaders {

    static final String MODEL = "x-llmg-model";
    static final String PROVIDER = "x-llmg-provider";
    static final String ATTEMPTS = "x-llmg-attempts";
    static final String ROUTE = "x-llmg-route";

    private static final int MAX_VALUE_LENGTH = 200;

    private RoutingHeaders() {}

    /** Sets the headers of {@code decision} on the response of {@code ctx}, replacing earlier ones. */
    static void set(ServiceRequestContext ctx, RoutingDecision decision) {
        if (!decision.getModel().isEmpty()) {
            ctx.setAdditionalResponseHeader(ROUTE, route(decision));
        }
        ctx.setAdditionalResponseHeader(ATTEMPTS, Integer.toString(decision.getAttemptsCount()));
        if (decision.getAttemptsCount() > 0) {
            final RoutingAttempt last = decision.getAttempts(decision.getAttemptsCount() - 1);
            ctx.setAdditionalResponseHeader(PROVIDER, safe(last.getTarget().getProvider()));
            ctx.setAdditionalResponseHeader(MODEL, safe(last.getTarget().getModel()));
        }
    }

    private static String route(RoutingDecision decision) {
        final StringBuilder route = new StringBuilder(decision.getModel());
        if (!decision.getRule().isEmpty()) {
            route.append("; rule=").append(decision.getRule());
        }
        if (decision.getFallbacksCount() > 0) {
            route.append("; fallback=").append(decision.getFallbacks(decision.getFallbacksCount() - 1));
        }
        return safe(route.toString());
    }

    /** Keeps a header value printable ASCII and short: names come from configuration, but stay careful. */
    private static String safe(String value) {
        final StringBuilder text = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH));
        for (int i = 0; i < value.length() && text.length() < MAX_VALUE_LENGTH; i++) {
            final char c = value.charAt(i);
            text.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.toString();
    }
}
