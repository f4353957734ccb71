package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpStatus;

/**
 * Reports a problem with the HTTP exchange itself (wrong method, media type or size, unknown path), whose
 * status follows from HTTP rather than from the domain's error mapping.
 */
final class OpenAiHttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;

    /** Creates an error answered with {@code status}, a machine-readable {@code code} and a message. */
    OpenAiHttpError(HttpStatus status, String code, String message) {
        super(message, null, false, false); // expected and explained: no stack trace
        this.status = requireNonNull(status, "status");
        this.code = requireNonNull(code, "code");
    }

    /** Returns the HTTP status to answer with. */
    HttpStatus status() {
        return status;
    }

    /** Returns the machine-readable code for the error body. */
    String code() {
        return code;
    }
}
