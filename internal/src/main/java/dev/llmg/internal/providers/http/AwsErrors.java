package dev.llmg.internal.providers.http;

import java.util.Locale;

import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.spi.ErrorKind;

/**
 * Reads the error type that AWS services (Bedrock) name in the {@code X-Amzn-Errortype} header, e.g.
 * {@code ThrottlingException:http://internal.amazon.com/coral/...}, and in an event stream's
 * {@code :exception-type} header, e.g. {@code throttlingException}; their bodies hold only a message.
 *
 * <p>The type says more than the status: a 403 is a bad signature or key ({@code UnrecognizedClientException})
 * as often as a missing grant ({@code AccessDeniedException}), and a 429 is a throttle that passes
 * ({@code ThrottlingException}) or a model still loading ({@code ModelNotReadyException}).
 */
final class AwsErrors {

    private AwsErrors() {}

    /** Returns the exception name of the header, without the namespace after {@code :}; empty without one. */
    static String type(ResponseHeaders headers) {
        final String value = headers.get("x-amzn-errortype", "").strip();
        final int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** Returns the exception name with its first letter in upper case, as the header spells it. */
    static String normalise(String type) {
        return type.isEmpty() ? type : type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
    }

    /** Returns the kind an exception type means, or {@code byStatus} for types not known here. */
    static ErrorKind kind(String type, ErrorKind byStatus) {
        switch (normalise(type)) {
            case "ValidationException":
            case "SerializationException":
                return ErrorKind.INVALID_ARGUMENT;
            case "AccessDeniedException":
                return ErrorKind.PERMISSION_DENIED;
            case "UnrecognizedClientException":
            case "InvalidSignatureException":
            case "IncompleteSignatureException":
            case "MissingAuthenticationTokenException":
            case "ExpiredTokenException":
                return ErrorKind.UNAUTHENTICATED;
            case "ResourceNotFoundException":
                return ErrorKind.NOT_FOUND;
            case "ThrottlingException":
            case "ServiceQuotaExceededException":
                return ErrorKind.RATE_LIMITED;
            case "ModelTimeoutException":
                return ErrorKind.TIMEOUT;
            case "ModelNotReadyException":
            case "ServiceUnavailableException":
            case "InternalServerException":
            case "ModelErrorException":
            case "ModelStreamErrorException":
                return ErrorKind.UNAVAILABLE;
            default:
                return byStatus;
        }
    }

    /**
     * Returns whether an exception type is a throttle that passes, which AWS's SDKs retry on the same endpoint
     * with backoff although AWS names no wait; a service quota exceeded does not pass that soon.
     */
    static boolean backsOff(String type) {
        return "ThrottlingException".equals(normalise(type));
    }
}
