package dev.llmg.internal.instruction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmg.spi.GatewayException;

/**
 * What a request names as its instruction: {@code summarize} (its {@code production} label, else its newest
 * version), {@code summarize@3} (version 3) or {@code summarize:staging} (a label).
 *
 * @param name the instruction's name
 * @param version the version asked for, or 0 for none
 * @param label the label asked for, or empty for none
 */
record InstructionReference(String name, int version, String label) {

    /** The label a bare name resolves to when the instruction has it. */
    static final String PRODUCTION = "production";

    /** What an instruction's name may be. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** What a label may be. */
    static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private static final Pattern REFERENCE = Pattern.compile("(" + NAME.pattern() + ")(?:@([0-9]{1,9})|:("
                                                             + LABEL.pattern() + "))?");

    /** Parses {@code text}; INVALID_ARGUMENT under {@code field} saying the forms it may take. */
    static InstructionReference parse(String text, String field) {
        final Matcher matcher = REFERENCE.matcher(text.trim());
        if (!matcher.matches()) {
            throw GatewayException.invalidArgument(field, field + " '" + text + "' is not an instruction: write "
                    + "a name (letters, digits, '_', '-', '.'), name@version (e.g. summarize@3) or name:label "
                    + "(e.g. summarize:staging)");
        }
        final int version = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        if (matcher.group(2) != null && version == 0) {
            throw GatewayException.invalidArgument(field, field + " '" + text + "': versions are numbered from 1");
        }
        return new InstructionReference(matcher.group(1), version,
                                        matcher.group(3) == null ? "" : matcher.group(3));
    }

    @Override
    public String toString() {
        return name + (version > 0 ? "@" + version : "") + (label.isEmpty() ? "" : ":" + label);
    }
}
