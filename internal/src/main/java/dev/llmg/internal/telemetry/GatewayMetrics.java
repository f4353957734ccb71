package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.List;

import com.linecorp.armeria.client.circuitbreaker.CircuitState;

import dev.llmg.api.gateway.v1.GetTrackingStatusResponse;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.internal.tracking.TrackingStatus;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;

/**
 * The gateway's instruments, made once: the GenAI semantic conventions' client metrics (token usage, operation
 * duration, time to first chunk, time per output chunk, with the conventions' bucket boundaries), and llmg's own
 * (requests by front door and status, cost, retries, fallbacks, overhead), plus gauges read when scraped
 * (breaker state per target, tracking's queue and spill).
 */
final class GatewayMetrics {

    private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1_024L, 4_096L, 16_384L,
            65_536L, 262_144L, 1_048_576L, 4_194_304L, 16_777_216L, 67_108_864L);
    private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
            2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    private static final List<Double> FIRST_CHUNK_BUCKETS = List.of(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
            0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final List<Double> PER_CHUNK_BUCKETS = List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
            0.4, 0.5, 0.75, 1.0, 2.5);
    private static final List<Double> OVERHEAD_BUCKETS = List.of(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
            0.005, 0.01, 0.025, 0.05, 0.1);

    final LongHistogram tokenUsage;
    final DoubleHistogram operationDuration;
    final DoubleHistogram timeToFirstChunk;
    final DoubleHistogram timePerOutputChunk;
    final LongCounter requests;
    final DoubleCounter cost;
    final LongCounter retries;
    final LongCounter fallbacks;
    final DoubleHistogram overhead;
    /** The label sets calls are recorded with, shared by every call. */
    final MetricLabels labels = new MetricLabels();

    GatewayMetrics(Meter meter, TargetHealthRegistry health, TrackingStatus tracking) {
        requireNonNull(health, "health");
        requireNonNull(tracking, "tracking");
        tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                          .setDescription("Tokens used per call, by type (input, output)")
                          .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        operationDuration = seconds(meter, "gen_ai.client.operation.duration",
                                    "How long calls took, from arrival to the end of the answer", DURATION_BUCKETS);
        timeToFirstChunk = seconds(meter, "gen_ai.client.operation.time_to_first_chunk",
                                   "Time from a streamed call's arrival to its first chunk", FIRST_CHUNK_BUCKETS);
        timePerOutputChunk = seconds(meter, "gen_ai.client.operation.time_per_output_chunk",
                                     "Time between the chunks of a streamed answer, after the first",
                                     PER_CHUNK_BUCKETS);
        requests = meter.counterBuilder("llmg.requests").setUnit("{request}")
                        .setDescription("Calls by front door, model, provider and status (the gRPC code's name)")
                        .build();
        cost = meter.counterBuilder("llmg.cost.usd").ofDoubles().setUnit("{USD}")
                    .setDescription("What calls cost, in US dollars, by the routing table's prices").build();
        retries = meter.counterBuilder("llmg.retries").setUnit("{attempt}")
                       .setDescription("Attempts beyond the first that were not fallbacks").build();
        fallbacks = meter.counterBuilder("llmg.fallbacks").setUnit("{fallback}")
                         .setDescription("Fallbacks to another model after the requested one failed").build();
        overhead = seconds(meter, "llmg.overhead", "The gateway's own time per call (also x-llmg-overhead-ms)",
                           OVERHEAD_BUCKETS);
        meter.gaugeBuilder("llmg.breaker.state").ofLongs().setUnit("{state}")
             .setDescription("Circuit breaker per target: 0 closed, 1 half-open, 2 open")
             .buildWithCallback(gauge -> {
                 for (TargetHealth target : health.all()) {
                     gauge.record(breakerValue(target.breakerState()),
                                  Attributes.of(GenAi.TARGET, target.target().toString()));
                 }
             });
        meter.gaugeBuilder("llmg.tracking.queue.depth").ofLongs().setUnit("{record}")
             .setDescription("Inference records waiting in memory to be written")
             .buildWithCallback(gauge -> {
                 final GetTrackingStatusResponse now = tracking.now();
                 if (now.getEnabled()) {
                     gauge.record(now.getQueueDepth());
                 }
             });
        meter.gaugeBuilder("llmg.tracking.spill.size").ofLongs().setUnit("{record}")
             .setDescription("Inference records spilled to local disk, waiting for the database")
             .buildWithCallback(gauge -> {
                 final GetTrackingStatusResponse now = tracking.now();
                 if (now.getEnabled()) {
                     gauge.record(now.getSpilled());
                 }
             });
    }

    private static DoubleHistogram seconds(Meter meter, String name, String description, List<Double> buckets) {
        return meter.histogramBuilder(name).setUnit("s").setDescription(description)
                    .setExplicitBucketBoundariesAdvice(buckets).build();
    }

    private static long breakerValue(CircuitState state) {
        switch (state) {
            case CLOSED:
                return 0;
            case HALF_OPEN:
                return 1;
            default:
                return 2;
        }
    }
}
