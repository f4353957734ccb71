package dev.llmg.internal.api;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.auth.Authentication;

/**
 * Decides whose inference records a request may read, in one place rather than in every query: a caller whose key
 * belongs to a tenant reads that tenant's records only; an admin, and any caller in keyless mode, reads every
 * tenant's.
 */
final class TenantScope {

    private TenantScope() {}

    /** Returns the tenant whose records only the request of {@code ctx} may see, or null for every tenant's. */
    static String tenantOf(ServiceRequestContext ctx) {
        return Authentication.callerOf(ctx).tenant();
    }
}
