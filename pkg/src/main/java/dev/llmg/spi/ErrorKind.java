package dev.llmg.spi;

/**
 * Classifies what went wrong, independently of any wire protocol.
 *
 * <p>The server turns each kind into exactly one gRPC status in one place, and HTTP statuses follow from
 * that, so a provider or a use case only has to say what happened, never how to report it.
 */
public enum ErrorKind {
    /** The caller's request is malformed or asks for something impossible; sending it again won't help. */
    INVALID_ARGUMENT,
    /** The caller (or the gateway, towards a provider) presented no valid credentials. */
    UNAUTHENTICATED,
    /** The credentials are valid but do not allow this request. */
    PERMISSION_DENIED,
    /** The model, or another named thing, does not exist. */
    NOT_FOUND,
    /** What the caller asked to create exists already, e.g. a level at the same path. */
    ALREADY_EXISTS,
    /** The request is valid but the system is not in a state to serve it, e.g. a provider has no key. */
    FAILED_PRECONDITION,
    /** A quota or rate limit was hit; the request may succeed later. */
    RATE_LIMITED,
    /** The provider is down, overloaded or unreachable; the request may succeed later or elsewhere. */
    UNAVAILABLE,
    /** The deadline passed before an answer arrived. */
    TIMEOUT,
    /** The caller went away or cancelled. */
    CANCELLED,
    /** A bug, or an answer nobody could make sense of. */
    INTERNAL
}
