package dev.llmg.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;

/** llmg's defaults fill only what the operator left unset in the OTEL_* variables. */
class EnvironmentTelemetryTest {

    @Test
    void withNothingSetNothingIsSampledOrExportedAndTheServiceIsLlmg() {
        assertThat(EnvironmentTelemetry.defaults(DefaultConfigProperties.createFromMap(Map.of())))
                .containsEntry("otel.service.name", "llmg")
                .containsEntry("otel.traces.exporter", "none")
                .containsEntry("otel.traces.sampler", "always_off")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none");
    }

    @Test
    void anEndpointSwitchesTracesOnWithTheSdksOwnDefaults() {
        assertThat(EnvironmentTelemetry.defaults(DefaultConfigProperties.createFromMap(
                Map.of("otel.exporter.otlp.endpoint", "http://collector:4317"))))
                .doesNotContainKeys("otel.traces.exporter", "otel.traces.sampler");
    }

    @Test
    void whatTheOperatorSetIsKept() {
        assertThat(EnvironmentTelemetry.defaults(DefaultConfigProperties.createFromMap(Map.of(
                "otel.resource.attributes", "service.name=gateway-eu,deployment.environment.name=prod",
                "otel.traces.exporter", "console",
                "otel.metrics.exporter", "otlp"))))
                .doesNotContainKeys("otel.service.name", "otel.traces.exporter", "otel.traces.sampler",
                                    "otel.metrics.exporter");
    }
}
