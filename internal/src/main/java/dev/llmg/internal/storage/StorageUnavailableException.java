package dev.llmg.internal.storage;

/**
 * Reports that the database could not be reached (it is down, unreachable, or no connection came within
 * {@code storage.connection_timeout}). Nothing was written or read; the same call may succeed later.
 */
public final class StorageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with what was being done and the failure behind it. */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
