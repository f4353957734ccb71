package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * The use case's verdict that an attempt's answer arrived but will not do: a structured answer that does not
 * fit its schema. For routing it ends the attempt like a failure (the next step is decided by the policy), but
 * it is not the target's failure: the target's health counts the attempt as answered, and asking the same
 * target again with a correction turn spends neither its retry budget nor its breaker's patience.
 *
 * <p>When it is the last failure of a call, the caller hears it as UNAVAILABLE with reason
 * {@value #REASON}: no target gave an answer that fits, now.
 */
public final class AnswerRejected extends GatewayException {

    /** The reason callers and records see. */
    public static final String REASON = "structured_output_invalid";

    private static final long serialVersionUID = 1L;

    private final boolean askAgain;
    private final transient StructuredOutputResult check;

    /**
     * Creates a verdict.
     *
     * @param message what was wrong, for the caller (the validator's messages)
     * @param askAgain whether the same target should be asked again (a correction turn), rather than the next
     * @param check how the answer was checked, for the attempt's record
     */
    public AnswerRejected(String message, boolean askAgain, StructuredOutputResult check) {
        super(ErrorKind.UNAVAILABLE, REASON, message);
        this.askAgain = askAgain;
        this.check = requireNonNull(check, "check");
    }

    /** Returns whether the same target should be asked again at once, with a correction turn. */
    public boolean askAgain() {
        return askAgain;
    }

    /** Returns how the rejected answer was checked. */
    public StructuredOutputResult check() {
        return check;
    }
}
