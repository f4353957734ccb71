package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * llmg's one OpenTelemetry SDK and its one Prometheus registry: the tracer and meter every span and metric of
 * the gateway comes from, and what {@code GET /metrics} shows (the SDK's metrics through its Prometheus
 * reader, and the JVM's).
 */
public final class Telemetry implements AutoCloseable {

    /** The instrumentation scope of llmg's own spans and metrics. */
    static final String SCOPE = "dev.llmg";

    private final OpenTelemetrySdk sdk;
    private final PrometheusRegistry registry;
    private final Tracer tracer;
    private final Meter meter;

    private Telemetry(OpenTelemetrySdk sdk, PrometheusRegistry registry) {
        this.sdk = requireNonNull(sdk, "sdk");
        this.registry = requireNonNull(registry, "registry");
        tracer = sdk.getTracer(SCOPE);
        meter = sdk.getMeter(SCOPE);
    }

    /** Starts the SDK that {@code setup} makes, feeding a new Prometheus registry. */
    public static Telemetry start(OpenTelemetrySetup setup) {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final PrometheusMetricReader reader = new PrometheusMetricReader(null);
        registry.register(reader);
        JvmMetrics.builder().register(registry);
        return new Telemetry(setup.create(reader), registry);
    }

    /** Returns the SDK, for instrumentation libraries (Armeria's). */
    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Returns the tracer of llmg's own spans. */
    public Tracer tracer() {
        return tracer;
    }

    /** Returns the meter of llmg's own metrics. */
    public Meter meter() {
        return meter;
    }

    /** Returns how trace context travels in headers (W3C {@code traceparent} unless configured otherwise). */
    public TextMapPropagator propagator() {
        return sdk.getPropagators().getTextMapPropagator();
    }

    /** Returns the registry {@code /metrics} shows. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Exports what is pending and stops the SDK, within a few seconds. */
    @Override
    public void close() {
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
}
