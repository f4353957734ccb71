package dev.llmg.cmd.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One hostile JSON input: the field it aims at, how it is malformed, the body to send and what it may get.
 *
 * @param path the field path, as the request's JSON spells it ({@code messages[0].role}), or empty for the body
 * @param mutation what was done to it, in words ({@code string for number})
 * @param body the bytes to send (not always valid UTF-8, on purpose)
 * @param expectation what the gateway may answer
 */
record HostileCase(String path, String mutation, byte[] body, Expectation expectation) {

    /** Creates a case whose body is text. */
    static HostileCase of(String path, String mutation, String body, Expectation expectation) {
        return new HostileCase(path, mutation, body.getBytes(StandardCharsets.UTF_8), expectation);
    }

    /** Returns the body as text (invalid bytes replaced), for surfaces that carry text. */
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns the name shown in test reports: the path, then the mutation. */
    String displayName() {
        return (path.isEmpty() ? "(whole body)" : path) + " · " + mutation;
    }
}
