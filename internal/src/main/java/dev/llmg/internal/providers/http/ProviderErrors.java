package dev.llmg.internal.providers.http;

import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.CancellationException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.TimeoutException;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;
import com.linecorp.armeria.common.stream.ClosedStreamException;

import dev.llmg.internal.providers.json.StructJson;
import dev.llmg.internal.secrets.CredentialScrubber;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * Turns everything that can go wrong on the way to a provider into {@link ProviderException}s.
 *
 * <p>OpenAI, Azure OpenAI, Anthropic and OpenAI-compatible servers share the shape of their errors (an
 * {@code error} object with a message and a type or code), so one mapper serves them all. For HTTP errors it
 * keeps the provider's own {@code error.message}, uses {@code error.code} (or
 * {@code error.type}) as the reason and {@code error.param} as the field, and takes the request id, the
 * {@code Retry-After} hint and {@code x-should-retry} from the headers. The kind follows the status code.
 *
 * <p>Everything a provider sends is untrusted text, and a misbehaving server may echo the request's
 * {@code Authorization} header anywhere. So every string taken from it (message, reason, field, request id,
 * and the descriptions of Java exceptions, whose messages may hold a URL with a key) passes through a
 * {@link CredentialScrubber} that knows the provider's key, and is cut to a sane length. Causes kept for the
 * log are scrubbed too.
 */
public final class ProviderErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SNIPPET = 200;
    private static final int MAX_SNIPPET_SCAN = 16 * 1024;
    /** Messages for people: long enough for any real provider message, short enough for a gRPC trailer. */
    private static final int MAX_MESSAGE = 2048;
    /** Machine-readable words: a reason (error.code or error.type) and a field (error.param). */
    private static final int MAX_WORD = 200;

    private final String provider;
    private final CredentialScrubber scrubber;
    private final Clock clock;

    /** Creates a mapper for the named provider; the key is only used to scrub it from what it reports. */
    public ProviderErrors(String provider, String apiKey, Clock clock) {
        this(provider, CredentialScrubber.forKeys(apiKey), clock);
    }

    /** Creates a mapper for a provider with several secrets (AWS: a secret key and a session token). */
    public ProviderErrors(String provider, CredentialScrubber scrubber, Clock clock) {
        this.provider = provider;
        this.scrubber = scrubber;
        this.clock = clock;
    }

    /**
     * Returns the scrubber of this provider's key, for other text taken from its answers, such as the request
     * id of a successful one ({@link ProviderRequestIds#of(ResponseHeaders, CredentialScrubber)}).
     */
    public CredentialScrubber scrubber() {
        return scrubber;
    }

    /** Maps a non-2xx answer, given its headers and (possibly empty or non-JSON) body. */
    public ProviderException fromHttp(ResponseHeaders headers, byte[] body) {
        final int status = headers.status().code();
        final ErrorKind kind = kindOf(status);
        JsonNode root = null;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            // Not JSON, e.g. an HTML page from a proxy: described below with a snippet.
        }
        final JsonNode error = get(root, "error");
        String message = error.isTextual() ? error.textValue() : text(error, "message");
        if (message.isEmpty()) {
            message = text(root, "message").isEmpty() ? text(root, "detail") : text(root, "message");
        }
        if (message.isEmpty()) {
            message = text(root, "Message"); // some AWS services capitalise it
        }
        if (message.isEmpty()) {
            message = provider + " answered HTTP " + headers.status()
                      + (root == null && body.length > 0 ? " with a non-JSON body: " + snippet(body) : "");
        }
        final String awsType = AwsErrors.type(headers);
        if (!awsType.isEmpty()) { // AWS names the error in a header; the body has only a message.
            return builder(AwsErrors.kind(awsType, kind), status, headers, awsType).message(message(message))
                    .backOff(AwsErrors.backsOff(awsType)).build();
        }
        final GoogleErrors google = GoogleErrors.of(error);
        final ProviderException.Builder builder =
                builder(google.kind(kind), status, headers,
                        google.reason().isEmpty() ? reason(error, "http_" + status) : google.reason());
        if (google.retryDelay() != null && retryAfter(headers) == null) {
            builder.retryAfter(google.retryDelay());
        }
        return builder.field(word(text(error, "param")))
                      .message(message(message))
                      .details(details(error))
                      .build();
    }

    /**
     * Returns what an error object says beyond its message that callers may act on: Azure's {@code innererror}
     * (which content filter fired, and every filter's verdict), with any key the provider echoed scrubbed.
     */
    private Struct details(JsonNode error) {
        final JsonNode inner = get(error, "innererror");
        if (!inner.isObject()) {
            return Struct.getDefaultInstance();
        }
        final ObjectNode details = JSON.createObjectNode();
        details.set("innererror", inner);
        try {
            return StructJson.toStruct((ObjectNode) JSON.readTree(scrubber.scrubKeys(details.toString())));
        } catch (IOException e) {
            return Struct.getDefaultInstance(); // cannot happen: it was JSON a moment ago
        }
    }

    /** Maps an {@code error} object that arrived with a 2xx status, e.g. inside a stream. */
    public ProviderException fromErrorObject(JsonNode error, ResponseHeaders headers) {
        final GoogleErrors google = GoogleErrors.of(error);
        final String reason = google.reason().isEmpty() ? reason(error, "provider_error") : google.reason();
        final ErrorKind kind = google.reason().isEmpty() ? kindOf(text(error, "type") + ' ' + text(error, "code"))
                                                         : google.kind(kindOf(get(error, "code").asInt(500)));
        final String message = error.isTextual() ? error.textValue() : text(error, "message");
        return builder(kind, headers.status().code(), headers, reason)
                .field(word(text(error, "param")))
                .details(details(error))
                .message(message(message.isEmpty() ? provider + " reported an error without a message" : message))
                .build();
    }

    /**
     * Maps an error event in the middle of a stream, which the provider began with a success status: the failure
     * is described as mid-stream, not as that status.
     */
    public ProviderException fromStreamError(JsonNode error, ResponseHeaders headers) {
        final ProviderException reported = fromErrorObject(error, headers);
        return ProviderException.builder(reported.provider(), reported.kind()).reason(reported.reason())
                                .field(reported.field()).message(reported.getMessage())
                                .providerStatus(reported.providerStatus())
                                .providerRequestId(reported.providerRequestId())
                                .retryAfter(reported.retryAfter().orElse(null)).retryable(reported.retryable())
                                .backOff(reported.backOff()).midStream(true).build();
    }

    /**
     * Maps an exception that an AWS event stream reported in place of its next event ({@code :message-type
     * exception}), named by its {@code :exception-type} header, e.g. {@code throttlingException}.
     */
    public ProviderException fromAwsException(String type, String message, ResponseHeaders headers) {
        final String name = AwsErrors.normalise(type);
        return builder(AwsErrors.kind(name, ErrorKind.UNAVAILABLE), headers.status().code(), headers,
                       name.isEmpty() ? "provider_error" : name)
                .message(message(message.isEmpty() ? provider + " reported " + name + " during the stream" : message))
                .backOff(AwsErrors.backsOff(name))
                .midStream(true)
                .build();
    }

    /** Reports a 2xx answer that could not be understood. */
    public ProviderException invalidResponse(ResponseHeaders headers, String problem, Throwable cause) {
        return builder(ErrorKind.INTERNAL, headers.status().code(), headers, "invalid_response")
                .message(message(provider + " sent an answer llmg cannot read: " + problem))
                .cause(scrubber.scrub(cause))
                .retryable(false)
                .build();
    }

    /** Maps a failure of the call itself (connection, timeout, cancellation); gateway errors pass through. */
    public GatewayException fromThrowable(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
               && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayException) {
            return (GatewayException) cause;
        }
        final String detail = cause.getMessage() == null ? cause.getClass().getSimpleName()
                                                         : cause.getClass().getSimpleName() + ": "
                                                           + cause.getMessage();
        final ErrorKind kind;
        final String reason;
        final String message;
        if (cause instanceof UnprocessedRequestException) {
            kind = ErrorKind.UNAVAILABLE;
            reason = "connect_failed";
            final Throwable inner = cause.getCause() == null ? cause : cause.getCause();
            message = "could not reach " + provider + ": " + inner.getClass().getSimpleName()
                      + (inner.getMessage() == null ? "" : ": " + inner.getMessage());
        } else if (cause instanceof TimeoutException) {
            kind = ErrorKind.TIMEOUT;
            reason = "timeout";
            message = provider + " did not answer in time (" + detail + ')';
        } else if (cause instanceof ClosedSessionException || cause instanceof ClosedStreamException
                   || cause instanceof IOException) {
            kind = ErrorKind.UNAVAILABLE;
            reason = "connection_lost";
            message = "the connection to " + provider + " broke: " + detail;
        } else if (cause instanceof CancelledSubscriptionException || cause instanceof AbortedStreamException
                   || cause instanceof CancellationException) {
            kind = ErrorKind.CANCELLED;
            reason = "cancelled";
            message = "the call to " + provider + " was cancelled";
        } else if (cause instanceof ContentTooLargeException) {
            kind = ErrorKind.INTERNAL;
            reason = "response_too_large";
            message = provider + " sent a larger answer than llmg accepts: " + detail;
        } else {
            kind = ErrorKind.INTERNAL;
            reason = "internal";
            message = "the call to " + provider + " failed: " + detail;
        }
        return ProviderException.builder(provider, kind)
                                .reason(reason)
                                .message(message(message))
                                .cause(scrubber.scrub(cause))
                                .retryable(kind == ErrorKind.UNAVAILABLE || kind == ErrorKind.TIMEOUT)
                                .build();
    }

    private ProviderException.Builder builder(ErrorKind kind, int status, ResponseHeaders headers,
                                              String reason) {
        boolean retryable = kind == ErrorKind.RATE_LIMITED || kind == ErrorKind.UNAVAILABLE
                            || kind == ErrorKind.TIMEOUT;
        // OpenAI's SDKs obey this header over the status; so do we.
        final String shouldRetry = headers.get("x-should-retry", "");
        if ("true".equalsIgnoreCase(shouldRetry) || "false".equalsIgnoreCase(shouldRetry)) {
            retryable = Boolean.parseBoolean(shouldRetry);
        }
        // Told to retry, a client backs off even without a Retry-After, as OpenAI's SDKs do.
        return ProviderException.builder(provider, kind)
                                .reason(word(reason))
                                .providerStatus(status)
                                .providerRequestId(ProviderRequestIds.of(headers, scrubber))
                                .retryAfter(retryAfter(headers))
                                .retryable(retryable)
                                .backOff("true".equalsIgnoreCase(shouldRetry));
    }

    /** Maps a status code to a kind, following the table every OpenAI SDK uses. */
    public static ErrorKind kindOf(int status) {
        switch (status) {
            case 400:
            case 413:
            case 422:
                return ErrorKind.INVALID_ARGUMENT;
            case 401:
                return ErrorKind.UNAUTHENTICATED;
            case 403:
                return ErrorKind.PERMISSION_DENIED;
            case 404:
                return ErrorKind.NOT_FOUND;
            case 408:
            case 504:
                return ErrorKind.TIMEOUT;
            case 409: // OpenAI: a conflicting update; trying again is the documented answer.
                return ErrorKind.UNAVAILABLE;
            case 429:
                return ErrorKind.RATE_LIMITED;
            default:
                return status >= 500 ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL;
        }
    }

    private static ErrorKind kindOf(String typeAndCode) {
        if (typeAndCode.contains("rate_limit") || typeAndCode.contains("insufficient_quota")) {
            return ErrorKind.RATE_LIMITED;
        }
        if (typeAndCode.contains("invalid_api_key") || typeAndCode.contains("authentication")) {
            return ErrorKind.UNAUTHENTICATED;
        }
        if (typeAndCode.contains("permission")) {
            return ErrorKind.PERMISSION_DENIED;
        }
        if (typeAndCode.contains("not_found")) {
            return ErrorKind.NOT_FOUND;
        }
        if (typeAndCode.contains("invalid_request")) {
            return ErrorKind.INVALID_ARGUMENT;
        }
        return ErrorKind.UNAVAILABLE; // server_error and anything else: the provider failed mid-answer.
    }

    private static String reason(JsonNode error, String fallback) {
        final String code = text(error, "code");
        if (!code.isEmpty() && !code.chars().allMatch(Character::isDigit)) {
            return code; // Some servers put the HTTP status in "code"; the type says more then.
        }
        final String type = text(error, "type");
        return type.isEmpty() ? fallback : type;
    }

    private Duration retryAfter(ResponseHeaders headers) {
        final String millis = headers.get("retry-after-ms");
        if (millis != null) {
            try {
                final long wait = (long) Double.parseDouble(millis.trim());
                if (wait > 0) { // Azure sends "retry-after-ms: 0" next to a real Retry-After.
                    return Duration.ofMillis(wait);
                }
            } catch (NumberFormatException e) {
                // Fall back to Retry-After.
            }
        }
        final String value = headers.get("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            // Not seconds, so an HTTP date.
        }
        try {
            final ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            final Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String snippet(byte[] body) {
        // Only the start is shown, so only the start is read (a body may be megabytes), with room to spare so
        // that a key straddling the cut is still whole when it is scrubbed: no prefix of it may survive the cut.
        final String start = new String(body, 0, Math.min(body.length, MAX_SNIPPET_SCAN), StandardCharsets.UTF_8);
        return scrubber.scrub(start.replaceAll("\\s+", " ").strip(), MAX_SNIPPET);
    }

    private String message(String text) {
        return scrubber.scrub(text, MAX_MESSAGE);
    }

    private String word(String text) {
        return scrubber.scrub(text, MAX_WORD);
    }
}
