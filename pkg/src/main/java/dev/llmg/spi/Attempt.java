package dev.llmg.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * One try of a request at one provider: how long it may take, and where the provider reports what the
 * upstream said (HTTP status, request id, timings), so that the gateway can explain, record and trace each
 * attempt without reading facts back out of the answer.
 *
 * <p>The gateway makes one per attempt and hands it to {@link ChatProvider} or {@link EmbeddingProvider};
 * providers may report from any thread. What a provider does not report stays empty.
 */
public final class Attempt {

    private final Duration timeout;
    private volatile int httpStatus;
    private volatile String providerRequestId = "";
    private volatile AttemptTimings timings;
    private volatile String serverAddress = "";
    private volatile int serverPort;

    private Attempt(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        this.timeout = timeout;
    }

    /** Returns an attempt that may take at most {@code timeout}; {@link Duration#ZERO} means no limit. */
    public static Attempt withTimeout(Duration timeout) {
        return new Attempt(timeout);
    }

    /** Returns an attempt without a time limit of its own, e.g. for tools and tests. */
    public static Attempt unlimited() {
        return new Attempt(Duration.ZERO);
    }

    /**
     * Returns how long the attempt may take in all, from sending the request to the end of the answer (of a
     * unary answer) or to the first piece (of a stream); {@link Duration#ZERO} means no limit of the gateway's.
     */
    public Duration timeout() {
        return timeout;
    }

    /** Reports the provider's response: its HTTP status and its request id (empty when it sent none). */
    public void reportResponse(int httpStatus, String providerRequestId) {
        this.providerRequestId = requireNonNull(providerRequestId, "providerRequestId");
        this.httpStatus = httpStatus;
    }

    /** Reports the host and port the request is sent to, for traces ({@code server.address}, {@code server.port}). */
    public void reportServer(String address, int port) {
        this.serverAddress = requireNonNull(address, "address");
        this.serverPort = port;
    }

    /** Returns the host the request was sent to, or an empty string when none was reported. */
    public String serverAddress() {
        return serverAddress;
    }

    /** Returns the port the request was sent to, or 0 when none was reported. */
    public int serverPort() {
        return serverPort;
    }

    /** Reports how long the exchange with the provider took, once it has ended. */
    public void reportTimings(AttemptTimings timings) {
        this.timings = requireNonNull(timings, "timings");
    }

    /** Returns the HTTP status the provider answered with, or 0 when none was reported. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns the provider's request id, or an empty string when none was reported. */
    public String providerRequestId() {
        return providerRequestId;
    }

    /** Returns the exchange's timings, once reported. */
    public Optional<AttemptTimings> timings() {
        return Optional.ofNullable(timings);
    }
}
