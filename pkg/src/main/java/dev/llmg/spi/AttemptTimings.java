package dev.llmg.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long one exchange with a provider took, as the HTTP client measured it.
 *
 * @param connect the time spent getting a connection (zero when a pooled one was reused)
 * @param firstByte from sending the request to the first byte of the response
 * @param total from sending the request to the last byte of the response
 */
public record AttemptTimings(Duration connect, Duration firstByte, Duration total) {

    /** Checks that every part is present. */
    public AttemptTimings {
        requireNonNull(connect, "connect");
        requireNonNull(firstByte, "firstByte");
        requireNonNull(total, "total");
    }
}
