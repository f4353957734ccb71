package dev.llmg.internal.tracking;

/**
 * The database refused a batch for what a record holds (SQLSTATE class 22, a data exception, or 23, an
 * integrity violation), not because it could not be reached: retrying the same batch would fail for ever,
 * so the writer retries its records one by one and sets aside the ones refused alone.
 */
public final class RecordsRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the database's own failure. */
    public RecordsRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
