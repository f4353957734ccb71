package dev.llmg.internal.quota;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The limits of one scope (a key, an endpoint, a group, a team or a tenant); 0 or null means unlimited.
 *
 * @param requestsPerMinute calls admitted per fixed UTC minute
 * @param tokensPerMinute tokens charged per fixed UTC minute (charged when calls end)
 * @param concurrentRequests calls in flight at once, fleet-wide
 * @param spendPerDay USD charged per UTC day
 * @param spendPerMonth USD charged per UTC month
 */
public record QuotaLimits(long requestsPerMinute, long tokensPerMinute, int concurrentRequests,
                          BigDecimal spendPerDay, BigDecimal spendPerMonth) {

    /** The most USD a spend limit may say: keeps nano-dollar counters far from overflowing a long. */
    static final BigDecimal MAX_SPEND = BigDecimal.valueOf(1_000_000_000L);

    private static final QuotaLimits NONE = new QuotaLimits(0, 0, 0, null, null);

    /** Refuses negative limits, which would otherwise read as "refuse everything" by accident. */
    public QuotaLimits {
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || concurrentRequests < 0
            || isNegative(spendPerDay) || isNegative(spendPerMonth)) {
            throw new IllegalArgumentException("Quota limits cannot be negative");
        }
    }

    /**
     * Returns the limits written at a level of the grouping ({@code tenants[*]...limits}, bound by Jackson, where an
     * absent key is null): absent ones are unlimited.
     */
    @JsonCreator
    static QuotaLimits written(@JsonProperty("requests_per_minute") Long requestsPerMinute,
                               @JsonProperty("tokens_per_minute") Long tokensPerMinute,
                               @JsonProperty("concurrent_requests") Integer concurrentRequests,
                               @JsonProperty("spend_per_day") BigDecimal spendPerDay,
                               @JsonProperty("spend_per_month") BigDecimal spendPerMonth) {
        return new QuotaLimits(requestsPerMinute == null ? 0 : requestsPerMinute,
                               tokensPerMinute == null ? 0 : tokensPerMinute,
                               concurrentRequests == null ? 0 : concurrentRequests, spendPerDay, spendPerMonth);
    }

    /** Returns the limits of a scope that limits nothing. */
    public static QuotaLimits none() {
        return NONE;
    }

    /** Returns whether no limit is set, so that admission can skip the scope. */
    public boolean isNone() {
        return requestsPerMinute == 0 && tokensPerMinute == 0 && concurrentRequests == 0
               && spendPerDayNanos() == 0 && spendPerMonthNanos() == 0;
    }

    /**
     * Reads {@code requests_per_minute}, {@code tokens_per_minute}, {@code concurrent_requests},
     * {@code spend_per_day} and {@code spend_per_month} (USD) from a section, refusing unknown keys and bad
     * values with a {@link ConfigException} that names the key's path.
     */
    public static QuotaLimits from(ConfigSection section) {
        section.allowOnly("requests_per_minute", "tokens_per_minute", "concurrent_requests", "spend_per_day",
                          "spend_per_month");
        return new QuotaLimits(section.integer("requests_per_minute", 0, 0, Integer.MAX_VALUE),
                               section.integer("tokens_per_minute", 0, 0, Integer.MAX_VALUE),
                               section.integer("concurrent_requests", 0, 0, 1_000_000),
                               usd(section, "spend_per_day"), usd(section, "spend_per_month"));
    }

    /** Returns the daily spend limit in nano-USD (the unit the counters keep), 0 when unlimited. */
    long spendPerDayNanos() {
        return Money.nanos(spendPerDay);
    }

    /** Returns the monthly spend limit in nano-USD, 0 when unlimited. */
    long spendPerMonthNanos() {
        return Money.nanos(spendPerMonth);
    }

    private static BigDecimal usd(ConfigSection section, String key) {
        final String text = section.string(key, null);
        if (text == null) {
            return null;
        }
        final BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(section.pathOf(key), "must be an amount in USD such as 25 or 2.50, not '" + text + '\'');
        }
        if (value.signum() < 0 || value.compareTo(MAX_SPEND) > 0) {
            throw new ConfigException(section.pathOf(key), "must be between 0 and " + MAX_SPEND + " USD, not " + text);
        }
        return value;
    }

    private static boolean isNegative(BigDecimal value) {
        return value != null && value.signum() < 0;
    }
}
