package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;

/**
 * What a call asked for, as its observers need it: the operation, the model (or group) named, whether it
 * streams, and the canonical request itself, which observers read only when they keep bodies.
 *
 * @param operation what the call does
 * @param model the model or group the caller named
 * @param streamed whether the answer streams
 * @param body the canonical request message
 */
public record CallRequest(Operation operation, String model, boolean streamed, Message body) {

    /** Checks every part is present. */
    public CallRequest {
        requireNonNull(operation, "operation");
        requireNonNull(model, "model");
        requireNonNull(body, "body");
    }

    /** What a call does, for records, span names and metrics. */
    public enum Operation {
        /** A chat completion. */
        CHAT("chat"),
        /** Embeddings of texts. */
        EMBEDDINGS("embeddings");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        /** Returns the lowercase name used in records, spans and metrics (the GenAI conventions' operation name). */
        public String label() {
            return label;
        }
    }
}
