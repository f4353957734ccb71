package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;
import javax.inject.Provider;

import dev.llmg.api.gateway.v1.GetTrackingStatusResponse;

/**
 * Reads how this instance's recording keeps up (queue depth, spill, writes), for {@code GET
 * /api/v1/tracking/status}; with tracking off it says so without making a writer.
 */
public final class TrackingStatus {

    private final TrackingSettings settings;
    private final Provider<InferenceWriter> writer;

    @Inject
    public TrackingStatus(TrackingSettings settings, Provider<InferenceWriter> writer) {
        this.settings = requireNonNull(settings, "settings");
        this.writer = requireNonNull(writer, "writer");
    }

    /** Returns the writer's state now. */
    public GetTrackingStatusResponse now() {
        if (!settings.enabled()) {
            return GetTrackingStatusResponse.getDefaultInstance();
        }
        final InferenceWriter writing = writer.get();
        return GetTrackingStatusResponse.newBuilder().setEnabled(true).setQueueDepth(writing.queueDepth())
                                        .setQueueCapacity(writing.queueCapacity()).setSpilled(writing.spilled())
                                        .setWritten(writing.written()).setOverflowed(writing.overflowed())
                                        .setDatabaseUp(writing.databaseUp()).build();
    }
}
