package dev.llmg.internal.quota;

import java.math.BigDecimal;

/**
 * The limits of one scope (a key, an endpoint, a group, a team or a tenant); 0 or null means unlimited.
 *
 * @param requestsPerMinute calls per UTC minute
 * @param tokensPerMinute tokens (prompt and answer) per UTC minute
 * @param concurrentRequests calls in flight at once
 * @param spendPerDay US dollars per UTC day, from the price table
 * @param spendPerMonth US dollars per UTC month
 */
public record QuotaLimits(long requestsPerMinute, long tokensPerMinute, int concurrentRequests,
                          BigDecimal spendPerDay, BigDecimal spendPerMonth) {

    private static final QuotaLimits NONE = new QuotaLimits(0, 0, 0, null, null);

    /** Returns no limit at all. */
    public static QuotaLimits none() {
        return NONE;
    }

    /** Returns whether nothing is limited. */
    public boolean isNone() {
        return requestsPerMinute == 0 && tokensPerMinute == 0 && concurrentRequests == 0
               && (spendPerDay == null || spendPerDay.signum() == 0)
               && (spendPerMonth == null || spendPerMonth.signum() == 0);
    }
}
