package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

import javax.inject.Inject;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;

import dev.llmg.internal.server.RouteContributor;
import io.opentelemetry.instrumentation.armeria.v1_3.ArmeriaServerTelemetry;

/** Serves {@code GET /metrics} in Prometheus text from llmg's one registry, and traces every HTTP request. */
final class TelemetryRoutes implements RouteContributor {

    /** Where Prometheus scrapes. */
    static final String METRICS_PATH = "/metrics";

    private final Telemetry telemetry;

    @Inject
    TelemetryRoutes(Telemetry telemetry) {
        this.telemetry = requireNonNull(telemetry, "telemetry");
    }

    @Override
    public void addTo(ServerBuilder sb) {
        sb.service(METRICS_PATH, PrometheusExpositionService.of(telemetry.registry()));
        final Function<? super HttpService, ? extends HttpService> instrumentation =
                ArmeriaServerTelemetry.create(telemetry.openTelemetry()).newDecorator();
        sb.decorator(service -> new ServerTracing(service, instrumentation));
    }
}
