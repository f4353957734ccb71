package dev.llmg.internal.instruction;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Turns instants into the API's timestamps. */
final class Times {

    private Times() {}

    /** Returns {@code instant} as a protobuf timestamp. */
    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
