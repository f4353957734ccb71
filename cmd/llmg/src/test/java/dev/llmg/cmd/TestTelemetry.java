package dev.llmg.cmd;

import java.util.List;

import dev.llmg.internal.telemetry.OpenTelemetrySetup;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/** An OpenTelemetry SDK for tests: every span sampled into memory, metrics read on demand, W3C propagation. */
final class TestTelemetry implements OpenTelemetrySetup {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();

    @Override
    public OpenTelemetrySdk create(MetricReader prometheus) {
        return OpenTelemetrySdk.builder()
                               .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                                                                   .addSpanProcessor(SimpleSpanProcessor.create(spans))
                                                                   .build())
                               .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(prometheus)
                                                                 .registerMetricReader(metrics).build())
                               .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                               .build();
    }

    /** Returns the spans ended so far. */
    List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    /** Forgets the spans ended so far. */
    void resetSpans() {
        spans.reset();
    }

    /** Returns the metrics now (cumulative). */
    List<MetricData> metrics() {
        return List.copyOf(metrics.collectAllMetrics());
    }
}
