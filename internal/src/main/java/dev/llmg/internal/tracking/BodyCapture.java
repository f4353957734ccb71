package dev.llmg.internal.tracking;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.internal.secrets.CredentialScrubber;

/**
 * Prints a request or answer for its record when {@code tracking.capture_bodies} asks: proto3 JSON, with
 * anything shaped like a credential (a key pasted into a prompt, a {@code Bearer} value) redacted, cut to
 * {@code tracking.body_limit} characters. Runs on the writer's thread.
 */
final class BodyCapture {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final CredentialScrubber CREDENTIALS = CredentialScrubber.patternsOnly();

    private final boolean enabled;
    private final int limit;

    BodyCapture(boolean enabled, int limit) {
        this.enabled = enabled;
        this.limit = limit;
    }

    /** Returns the body to record, or null when bodies are not kept. */
    String of(MessageOrBuilder message) {
        if (!enabled || message == null) {
            return null;
        }
        try {
            return CREDENTIALS.scrub(PRINTER.print(message), limit);
        } catch (InvalidProtocolBufferException e) {
            return null; // only Any with an unknown type fails to print; llmg's messages hold none
        }
    }
}
