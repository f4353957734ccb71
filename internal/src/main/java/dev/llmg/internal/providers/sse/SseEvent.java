package dev.llmg.internal.providers.sse;

import static java.util.Objects.requireNonNull;

/**
 * Holds one Server-Sent Event as the parser dispatched it.
 *
 * @param event the {@code event:} field, or an empty string when the event had none (the default type)
 * @param data the {@code data:} lines joined with {@code \n}, without a trailing newline
 * @param id the {@code id:} field of this event, or an empty string when it had none
 */
public record SseEvent(String event, String data, String id) {

    /** Checks that no field is null. */
    public SseEvent {
        requireNonNull(event, "event");
        requireNonNull(data, "data");
        requireNonNull(id, "id");
    }

    /** Creates an event of the default type that carries only data. */
    public static SseEvent ofData(String data) {
        return new SseEvent("", data, "");
    }
}
