package dev.llmg.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

import com.google.protobuf.Struct;

/**
 * Reports a failure answered by, or on the way to, a provider.
 *
 * <p>It keeps what the provider said (message, HTTP status, request id, Retry-After) so that the caller
 * can quote it to the provider, and whether trying again may help, which routing uses to retry and fall back.
 */
public final class ProviderException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int providerStatus;
    private final String providerRequestId;
    private final Duration retryAfter;
    private final boolean retryable;
    private final boolean backOff;
    private final boolean midStream;
    private final Struct details;

    private ProviderException(Builder builder) {
        super(builder.kind, builder.reason, builder.field, builder.message, builder.cause);
        provider = builder.provider;
        providerStatus = builder.providerStatus;
        providerRequestId = builder.providerRequestId;
        retryAfter = builder.retryAfter;
        retryable = builder.retryable;
        backOff = builder.backOff;
        midStream = builder.midStream;
        details = builder.details;
    }

    /** Starts describing a failure of the named provider. */
    public static Builder builder(String provider, ErrorKind kind) {
        return new Builder(provider, kind);
    }

    /** Returns the configured name of the provider that failed. */
    public String provider() {
        return provider;
    }

    /** Returns the HTTP status the provider answered with, or 0 when it was not reached. */
    public int providerStatus() {
        return providerStatus;
    }

    /**
     * Returns whether the provider reported the failure in the middle of an answer it had begun (an error event in
     * its stream), after a success status that says nothing about it.
     */
    public boolean midStream() {
        return midStream;
    }

    /**
     * Returns what the provider said beyond its message that a caller may act on (Azure's {@code innererror}), as it
     * said it; empty when nothing.
     */
    public Struct details() {
        return details;
    }

    /** Returns the provider's request id, or an empty string when it sent none. */
    public String providerRequestId() {
        return providerRequestId;
    }

    /** Returns how long the provider asked callers to wait before trying again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Returns whether the same request may succeed later or at another target. */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Returns whether the provider asked for the same request to be sent again after a wait of the client's choosing,
     * without naming one (AWS's {@code ThrottlingException}, which its SDKs retry with backoff; an explicit
     * {@code x-should-retry: true}): a throttle that passes, so the same target is worth a retry after a backoff.
     */
    public boolean backOff() {
        return backOff;
    }

    /** Collects the details of a {@link ProviderException}; only the provider and the kind are required. */
    public static final class Builder {
        private final String provider;
        private final ErrorKind kind;
        private String reason = "provider_error";
        private String field = "";
        private String message = "";
        private Throwable cause;
        private int providerStatus;
        private String providerRequestId = "";
        private Duration retryAfter;
        private boolean retryable;
        private boolean backOff;
        private boolean midStream;
        private Struct details = Struct.getDefaultInstance();

        private Builder(String provider, ErrorKind kind) {
            this.provider = requireNonNull(provider, "provider");
            this.kind = requireNonNull(kind, "kind");
        }

        /** Sets the machine-readable reason, e.g. the provider's error code. */
        public Builder reason(String reason) {
            this.reason = requireNonNull(reason, "reason");
            return this;
        }

        /** Sets the request field the provider complained about. */
        public Builder field(String field) {
            this.field = requireNonNull(field, "field");
            return this;
        }

        /** Sets the message for people, which should keep the provider's own words. */
        public Builder message(String message) {
            this.message = requireNonNull(message, "message");
            return this;
        }

        /** Sets the underlying cause, e.g. a connection error. */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** Sets the HTTP status the provider answered with. */
        public Builder providerStatus(int providerStatus) {
            this.providerStatus = providerStatus;
            return this;
        }

        /** Sets what the provider said beyond its message (see {@link ProviderException#details()}). */
        public Builder details(Struct details) {
            this.details = requireNonNull(details, "details");
            return this;
        }

        /** Notes that the provider reported the failure in the middle of its stream. */
        public Builder midStream(boolean midStream) {
            this.midStream = midStream;
            return this;
        }

        /** Sets the provider's request id. */
        public Builder providerRequestId(String providerRequestId) {
            this.providerRequestId = requireNonNull(providerRequestId, "providerRequestId");
            return this;
        }

        /** Sets how long the provider asked callers to wait. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Sets whether sending the request again may succeed. */
        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        /** Sets whether the provider asked for a retry after a backoff of the client's choosing. */
        public Builder backOff(boolean backOff) {
            this.backOff = backOff;
            return this;
        }

        /** Builds the exception. */
        public ProviderException build() {
            return new ProviderException(this);
        }
    }
}
