package dev.llmg.internal.secrets;

/**
 * Stands in for an exception whose description held a credential: its message is the original's class
 * name and scrubbed message, its stack trace the original's, and its causes and suppressed exceptions are
 * scrubbed copies in turn. A log then shows where and why something failed without the key.
 *
 * <p>The copy loses the original's type on purpose: nothing may reach the original (and its message)
 * through it.
 */
final class ScrubbedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How deep a cause chain is followed; deeper causes, or a cycle, are left out of the copy. */
    static final int MAX_DEPTH = 32;

    private ScrubbedException(String description, Throwable cause) {
        super(description, cause);
    }

    /** Copies the chain of {@code original}, scrubbing every description with {@code scrubber}. */
    static ScrubbedException copyOf(Throwable original, CredentialScrubber scrubber) {
        return copyOf(original, scrubber, 0);
    }

    private static ScrubbedException copyOf(Throwable original, CredentialScrubber scrubber, int depth) {
        final Throwable cause = original.getCause();
        final ScrubbedException copy = new ScrubbedException(
                scrubber.scrub(original.toString()),
                cause == null || cause == original || depth >= MAX_DEPTH ? null
                                                                          : copyOf(cause, scrubber, depth + 1));
        copy.setStackTrace(original.getStackTrace());
        if (depth < MAX_DEPTH) {
            for (Throwable suppressed : original.getSuppressed()) {
                copy.addSuppressed(copyOf(suppressed, scrubber, depth + 1));
            }
        }
        return copy;
    }
}
