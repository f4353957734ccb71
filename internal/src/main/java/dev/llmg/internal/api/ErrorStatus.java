package dev.llmg.internal.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;

import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.internal.quota.QuotaExceededException;
import dev.llmg.internal.secrets.CredentialScrubber;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;
import io.grpc.Status;

/**
 * The one error mapping of llmg: a domain exception becomes a {@code google.rpc.Status} (code, message,
 * {@link ErrorDetail}), and every HTTP surface takes its status from that code by the standard table.
 *
 * <p>The gRPC services use it through {@link GrpcErrorMapper}; the OpenAI-compatible, SSE and WebSocket
 * adapters call it directly, so that an error reads the same on every surface.
 */
public final class ErrorStatus {

    private static final Logger logger = LoggerFactory.getLogger(ErrorStatus.class);

    private static final Map<ErrorKind, Status.Code> CODES = Map.ofEntries(
            Map.entry(ErrorKind.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT),
            Map.entry(ErrorKind.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED),
            Map.entry(ErrorKind.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED),
            Map.entry(ErrorKind.NOT_FOUND, Status.Code.NOT_FOUND),
            Map.entry(ErrorKind.ALREADY_EXISTS, Status.Code.ALREADY_EXISTS),
            Map.entry(ErrorKind.FAILED_PRECONDITION, Status.Code.FAILED_PRECONDITION),
            Map.entry(ErrorKind.RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED),
            Map.entry(ErrorKind.UNAVAILABLE, Status.Code.UNAVAILABLE),
            Map.entry(ErrorKind.TIMEOUT, Status.Code.DEADLINE_EXCEEDED),
            Map.entry(ErrorKind.CANCELLED, Status.Code.CANCELLED),
            Map.entry(ErrorKind.INTERNAL, Status.Code.INTERNAL));

    /** HTTP statuses by gRPC code, as google.rpc.Code documents them (and grpc-gateway applies them). */
    private static final Map<Status.Code, HttpStatus> HTTP = Map.ofEntries(
            Map.entry(Status.Code.OK, HttpStatus.OK),
            Map.entry(Status.Code.CANCELLED, HttpStatus.valueOf(499)),
            Map.entry(Status.Code.UNKNOWN, HttpStatus.INTERNAL_SERVER_ERROR),
            Map.entry(Status.Code.INVALID_ARGUMENT, HttpStatus.BAD_REQUEST),
            Map.entry(Status.Code.DEADLINE_EXCEEDED, HttpStatus.GATEWAY_TIMEOUT),
            Map.entry(Status.Code.NOT_FOUND, HttpStatus.NOT_FOUND),
            Map.entry(Status.Code.ALREADY_EXISTS, HttpStatus.CONFLICT),
            Map.entry(Status.Code.PERMISSION_DENIED, HttpStatus.FORBIDDEN),
            Map.entry(Status.Code.RESOURCE_EXHAUSTED, HttpStatus.TOO_MANY_REQUESTS),
            Map.entry(Status.Code.FAILED_PRECONDITION, HttpStatus.BAD_REQUEST),
            Map.entry(Status.Code.ABORTED, HttpStatus.CONFLICT),
            Map.entry(Status.Code.OUT_OF_RANGE, HttpStatus.BAD_REQUEST),
            Map.entry(Status.Code.UNIMPLEMENTED, HttpStatus.NOT_IMPLEMENTED),
            Map.entry(Status.Code.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR),
            Map.entry(Status.Code.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry(Status.Code.DATA_LOSS, HttpStatus.INTERNAL_SERVER_ERROR),
            Map.entry(Status.Code.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED));

    private ErrorStatus() {}

    /**
     * Maps a failure llmg knows (a {@link GatewayException}, or a body of the wrong shape) to its status;
     * empty for anything else, which the caller reports as an internal error.
     */
    public static Optional<com.google.rpc.Status> of(Throwable failure) {
        final Throwable cause = unwrap(failure);
        final GatewayException error;
        if (cause instanceof GatewayException) {
            error = (GatewayException) cause;
        } else if (cause instanceof InvalidProtocolBufferException) {
            // Only a caller's body is parsed into our messages by Armeria: JSON of the wrong shape.
            return Optional.of(malformedRequest(cause));
        } else {
            return Optional.empty();
        }
        final Status.Code code = CODES.get(error.kind());
        if (code == Status.Code.INTERNAL) {
            logger.warn("Internal error: {}", error.getMessage(), error);
        }
        // Bounded here, once for every surface: messages echo what callers sent (a model name).
        return Optional.of(com.google.rpc.Status.newBuilder().setCode(code.value())
                                                .setMessage(ErrorText.message(describe(error)))
                                                .addDetails(Any.pack(bounded(detail(error)))).build());
    }

    /**
     * Returns the gRPC code of the status a call that ended with {@code failure} reported, without building
     * the status (metrics and spans need only the code): a stream that the caller cancelled ends with the
     * stream's own exception, which is CANCELLED, as is any failure once {@code callerGone}.
     */
    public static Status.Code codeOf(Throwable failure, boolean callerGone) {
        final Throwable cause = unwrap(failure);
        if (cause instanceof GatewayException) {
            return CODES.get(((GatewayException) cause).kind());
        }
        if (cause instanceof InvalidProtocolBufferException) {
            return Status.Code.INVALID_ARGUMENT;
        }
        return callerGone || isCancellation(cause) ? Status.Code.CANCELLED : Status.Code.INTERNAL;
    }

    /** Returns whether {@code cause} is how a stream or a future says it was cancelled. */
    public static boolean isCancellation(Throwable cause) {
        return cause instanceof CancelledSubscriptionException || cause instanceof AbortedStreamException
               || cause instanceof CancellationException;
    }

    /** Maps any failure to a status, reporting (and logging) the unknown ones as INTERNAL without details. */
    public static com.google.rpc.Status orInternal(Throwable failure) {
        return of(failure).orElseGet(() -> {
            logger.warn("Unexpected failure", failure);
            return com.google.rpc.Status.newBuilder().setCode(Status.Code.INTERNAL.value())
                                        .setMessage("internal error; the gateway's log has the details").build();
        });
    }

    /**
     * Maps a failure to decode the caller's bytes into its request message (malformed JSON, a value of the
     * wrong type, bytes that are not protobuf) to INVALID_ARGUMENT, with a message that says what to fix and no
     * parser internals. Call it where the failure is known to be the caller's: the parsers raise the same
     * exception types for llmg's own mistakes.
     */
    public static com.google.rpc.Status malformedRequest(Throwable failure) {
        return of(Status.Code.INVALID_ARGUMENT, "malformed_request", DecodeFailures.describe(unwrap(failure)));
    }

    /**
     * Returns a status with the given code, an {@link ErrorDetail} holding only {@code reason}, and a bounded
     * message: for failures raised around the services (framing, HTTP), which have no domain exception.
     */
    public static com.google.rpc.Status of(Status.Code code, String reason, String message) {
        final ErrorDetail detail = ErrorDetail.newBuilder().setReason(ErrorText.field(reason)).build();
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(ErrorText.message(message))
                                    .addDetails(Any.pack(detail)).build();
    }

    /** Returns the HTTP status for a gRPC code, by the standard table. */
    public static HttpStatus httpStatus(int grpcCode) {
        return HTTP.getOrDefault(Status.fromCodeValue(grpcCode).getCode(), HttpStatus.INTERNAL_SERVER_ERROR);
    }

    /** Returns the {@link ErrorDetail} a status carries, if any. */
    public static Optional<ErrorDetail> detail(com.google.rpc.Status status) {
        for (Any any : status.getDetailsList()) {
            if (any.is(ErrorDetail.class)) {
                try {
                    return Optional.of(any.unpack(ErrorDetail.class));
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Cuts the detail's strings to what any surface can carry: errors echo what callers and providers sent,
     * and trailers too large to send left gRPC callers waiting for their deadline.
     */
    private static ErrorDetail bounded(ErrorDetail detail) {
        return detail.toBuilder().setReason(ErrorText.field(detail.getReason()))
                     .setField(ErrorText.field(detail.getField()))
                     .setProvider(ErrorText.field(detail.getProvider()))
                     .setProviderRequestId(ErrorText.field(detail.getProviderRequestId()))
                     .build();
    }

    /** Removes the wrappers futures add, so that the domain exception is what gets mapped. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
               && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Scrubs every error on its way out of anything shaped like a credential: providers scrub their own keys
     * from what they report, this catches what any other path lets through ({@code Bearer ...}, {@code sk-...}).
     */
    private static final CredentialScrubber CREDENTIALS = CredentialScrubber.patternsOnly();

    private static String describe(GatewayException error) {
        final String description = describeUnscrubbed(error);
        return description == null ? null : CREDENTIALS.scrub(description);
    }

    private static String describeUnscrubbed(GatewayException error) {
        if (!(error instanceof ProviderException)) {
            return error.getMessage();
        }
        final ProviderException provider = (ProviderException) error;
        final StringBuilder text = new StringBuilder("provider '").append(provider.provider()).append("' ");
        text.append(provider.midStream() ? "reported an error mid-stream: "
                    : provider.providerStatus() > 0 ? "answered " + provider.providerStatus() + ": "
                    : "failed: ").append(provider.getMessage());
        if (!provider.providerRequestId().isEmpty()) {
            text.append(" (provider request id ").append(provider.providerRequestId()).append(')');
        }
        return text.toString();
    }

    private static ErrorDetail detail(GatewayException error) {
        final ErrorDetail.Builder detail = ErrorDetail.newBuilder().setReason(CREDENTIALS.scrub(error.reason()))
                                                     .setField(CREDENTIALS.scrub(error.field()));
        if (error instanceof ProviderException) {
            final ProviderException provider = (ProviderException) error;
            detail.setProvider(provider.provider())
                  .setProviderRequestId(CREDENTIALS.scrub(provider.providerRequestId()))
                  .setProviderStatus(provider.providerStatus()).setRetryable(provider.retryable())
                  .setProviderDetails(provider.details());
            provider.retryAfter().ifPresent(wait -> detail.setRetryAfter(
                    Duration.newBuilder().setSeconds(wait.getSeconds()).setNanos(wait.getNano())));
        } else if (error instanceof QuotaExceededException) {
            // The caller's own limit: trying again helps once its window has moved on.
            detail.setRetryable(true).setRetryAfter(Duration.newBuilder().setSeconds(
                    ((QuotaExceededException) error).retryAfterSeconds()));
        }
        return detail.build();
    }
}
