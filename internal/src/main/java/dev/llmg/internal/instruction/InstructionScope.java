package dev.llmg.internal.instruction;

import dev.llmg.internal.call.Caller;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Decides whose instructions a caller of InstructionService reads and writes, in one place: a tenant's callers
 * their tenant's (and read the shared ones), a caller of no tenant (keyless mode) the shared ones, an admin any
 * tenant's, named by the request's {@code tenant} (empty: the shared ones).
 */
record InstructionScope(Caller caller) {

    /** Returns whether the caller sees every tenant's instructions. */
    boolean all() {
        return caller.admin();
    }

    /** Returns the caller's own tenant, or null for none. */
    String tenant() {
        return caller.tenant();
    }

    /**
     * Returns the tenant whose instruction the caller addresses: the requested one for an admin, else the caller's
     * own ('' for none); PERMISSION_DENIED when a non-admin names another tenant.
     */
    String owner(String requested) {
        if (caller.admin()) {
            return requested;
        }
        final String own = caller.tenant() == null ? "" : caller.tenant();
        if (!requested.isEmpty() && !requested.equals(own)) {
            throw new GatewayException(ErrorKind.PERMISSION_DENIED, "other_tenant", "tenant",
                                       "tenant: only an admin key may address another tenant's instructions", null);
        }
        return own;
    }
}
