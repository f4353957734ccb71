package dev.llmg.spi;

import static java.util.Objects.requireNonNull;

/**
 * Reports a failure that llmg expects and can explain to the caller.
 *
 * <p>It carries a {@link ErrorKind} and, for bad input, the request field to fix; it knows nothing about
 * gRPC or HTTP, which keeps the mapping to statuses in one place on the server.
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String reason;
    private final String field;

    /** Creates an exception of the given kind, with a machine-readable reason and a message for people. */
    public GatewayException(ErrorKind kind, String reason, String message) {
        this(kind, reason, "", message, null);
    }

    /** Creates an exception that names the request field to fix, and its cause if there is one. */
    public GatewayException(ErrorKind kind, String reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
        this.reason = requireNonNull(reason, "reason");
        this.field = requireNonNull(field, "field");
    }

    /** Creates an {@link ErrorKind#INVALID_ARGUMENT} exception for the named field. */
    public static GatewayException invalidArgument(String field, String message) {
        return new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_argument", field, message, null);
    }

    /** Returns what kind of failure this is. */
    public ErrorKind kind() {
        return kind;
    }

    /** Returns a stable, machine-readable reason such as {@code model_not_found}. */
    public String reason() {
        return reason;
    }

    /** Returns the request field to fix, as a path such as {@code chat.messages[0].role}, or an empty string. */
    public String field() {
        return field;
    }
}
