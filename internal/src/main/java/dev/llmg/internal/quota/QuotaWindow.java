package dev.llmg.internal.quota;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The fixed UTC windows counters reset on. Fixed windows (rather than sliding ones) make a counter one row per
 * window that every replica can add to atomically; the price is that a caller may use a whole limit at the end
 * of one window and again at the start of the next, a burst of up to twice the limit around a boundary.
 */
enum QuotaWindow {
    /** A UTC minute, for requests and tokens. */
    MINUTE,
    /** A UTC day, for spend. */
    DAY,
    /** A UTC calendar month, for spend. */
    MONTH;

    /** Returns the epoch second the window holding {@code epochMillis} starts at; it names the window. */
    long start(long epochMillis) {
        switch (this) {
            case MINUTE: return Math.floorDiv(epochMillis, 60_000L) * 60;
            case DAY: return Math.floorDiv(epochMillis, 86_400_000L) * 86_400;
            default:
                final LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L));
                return day.withDayOfMonth(1).toEpochDay() * 86_400;
        }
    }

    /** Returns the epoch second the window holding {@code epochMillis} ends at (the next one starts). */
    long end(long epochMillis) {
        switch (this) {
            case MINUTE: return start(epochMillis) + 60;
            case DAY: return start(epochMillis) + 86_400;
            default:
                final LocalDate first = LocalDate.ofEpochDay(start(epochMillis) / 86_400);
                return first.plusMonths(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        }
    }

    /** Returns how long until the window holding {@code epochMillis} resets. */
    Duration untilReset(long epochMillis) {
        return Duration.ofMillis(end(epochMillis) * 1000 - epochMillis);
    }
}
