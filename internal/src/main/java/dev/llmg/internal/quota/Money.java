package dev.llmg.internal.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Converts USD to the nano-dollars the spend counters keep, so that every counter (requests, tokens, spend)
 * is one {@code long} in memory and one BIGINT in the database.
 */
final class Money {

    private Money() {}

    /** Returns {@code usd} in nano-USD, rounded up so that no charge is lost; 0 for null or negative. */
    static long nanos(BigDecimal usd) {
        if (usd == null || usd.signum() <= 0) {
            return 0;
        }
        return usd.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Returns nano-USD as USD, for messages. */
    static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    }
}
