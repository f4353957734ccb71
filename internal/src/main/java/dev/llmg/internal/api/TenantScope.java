package dev.llmg.internal.api;

import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Decides whose inference records a request may read: the one seam tenancy fills in. Until tenancy lands
 * every caller reads every record, and this says so in one place rather than in every query.
 */
final class TenantScope {

    private TenantScope() {}

    /**
     * Returns the tenant whose records only the request may see, or null for every tenant's. Always null for
     * now: tenancy will take it from the authenticated caller of {@code ctx}.
     */
    static String tenantOf(ServiceRequestContext ctx) {
        return null;
    }
}
