package dev.llmg.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as the configuration writes them: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 30d}, or
 * ISO-8601 ({@code PT1.5S}); never negative.
 */
final class DurationText {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationText() {}

    /** Returns the duration {@code text} says, or empty when it is not one. */
    static Optional<Duration> parse(String text) {
        final Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                final long amount = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": return Optional.of(Duration.ofMillis(amount));
                    case "s": return Optional.of(Duration.ofSeconds(amount));
                    case "m": return Optional.of(Duration.ofMinutes(amount));
                    case "h": return Optional.of(Duration.ofHours(amount));
                    default: return Optional.of(Duration.ofDays(amount));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty(); // more than any duration can hold
            }
        }
        try {
            final Duration value = Duration.parse(text.trim());
            return value.isNegative() ? Optional.empty() : Optional.of(value);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Returns the complaint about {@code text}, naming the accepted forms. */
    static String expected(String text) {
        return "must be a duration such as 250ms, 2s, 1m or PT1.5S, not '" + text + '\'';
    }
}
