package dev.llmg.internal.telemetry;

import dev.llmg.internal.api.ErrorStatus;

/** Names a call's outcome for spans and metric labels: the gRPC code the caller got, the same on every front door. */
final class TelemetryStatus {

    /** The status of a call that answered. */
    static final String OK = "OK";

    private TelemetryStatus() {}

    /** Returns the name of the gRPC code that {@code failure} was reported with, e.g. {@code UNAVAILABLE}. */
    static String of(Throwable failure) {
        return ErrorStatus.codeOf(failure, false).name();
    }
}
