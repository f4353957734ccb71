package dev.llmg.internal.telemetry;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Configures the SDK from the standard {@code OTEL_*} variables (and {@code otel.*} system properties) by the
 * SDK's own autoconfiguration, with llmg's defaults where the operator set nothing:
 *
 * <ul>
 *   <li>{@code OTEL_SERVICE_NAME} is {@code llmg} unless {@code OTEL_RESOURCE_ATTRIBUTES} names a service;</li>
 *   <li>no traces are exported, and none sampled, until {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 *       {@code OTEL_TRACES_EXPORTER}) says where to: a gateway without a collector pays next to nothing,
 *       where the SDK's own default would try {@code localhost:4317} on every batch;</li>
 *   <li>metrics are exported over OTLP only when {@code OTEL_METRICS_EXPORTER} asks: Prometheus scrapes
 *       {@code /metrics} in any case; logs go to the console (Logback), not over OTLP.</li>
 * </ul>
 */
final class EnvironmentTelemetry {

    private EnvironmentTelemetry() {}

    static OpenTelemetrySdk create(MetricReader prometheus) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                                             .addPropertiesCustomizer(EnvironmentTelemetry::defaults)
                                             .addMeterProviderCustomizer(
                                                     (meters, config) -> meters.registerMetricReader(prometheus))
                                             .disableShutdownHook() // llmg's shutdown sequence flushes it
                                             .build()
                                             .getOpenTelemetrySdk();
    }

    /** Returns llmg's defaults for what the operator left unset. */
    static Map<String, String> defaults(ConfigProperties config) {
        final Map<String, String> defaults = new HashMap<>();
        if (config.getString("otel.service.name") == null
            && !config.getMap("otel.resource.attributes").containsKey("service.name")) {
            defaults.put("otel.service.name", "llmg");
        }
        final boolean endpoint = config.getString("otel.exporter.otlp.endpoint") != null
                                 || config.getString("otel.exporter.otlp.traces.endpoint") != null;
        if (config.getString("otel.traces.exporter") == null && !endpoint) {
            defaults.put("otel.traces.exporter", "none");
            if (config.getString("otel.traces.sampler") == null) {
                defaults.put("otel.traces.sampler", "always_off");
            }
        }
        if (config.getString("otel.metrics.exporter") == null) {
            defaults.put("otel.metrics.exporter", "none");
        }
        if (config.getString("otel.logs.exporter") == null) {
            defaults.put("otel.logs.exporter", "none");
        }
        return defaults;
    }
}
