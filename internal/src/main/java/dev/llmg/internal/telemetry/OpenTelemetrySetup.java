package dev.llmg.internal.telemetry;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Makes the OpenTelemetry SDK llmg uses, never the global one: from the standard {@code OTEL_*} variables in
 * production ({@link #fromEnvironment()}), with in-memory exporters in tests.
 */
@FunctionalInterface
public interface OpenTelemetrySetup {

    /** Returns a started SDK whose meter provider also feeds {@code prometheus}, the reader behind /metrics. */
    OpenTelemetrySdk create(MetricReader prometheus);

    /** Returns the setup configured by the environment, through the SDK's autoconfiguration. */
    static OpenTelemetrySetup fromEnvironment() {
        return EnvironmentTelemetry::create;
    }
}
