package dev.llmg.internal.telemetry;

import java.util.Set;

import javax.inject.Singleton;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.routing.PriceTable;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.internal.server.RouteContributor;
import dev.llmg.internal.tracking.TrackingStatus;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Contributes traces, metrics and {@code /metrics}: one OpenTelemetry SDK (made by the
 * {@link OpenTelemetrySetup} the component is created with), a span, a metrics and an access-log observer per
 * call, the HTTP server instrumentation, and the SDK's flush when llmg stops.
 */
@Module
public interface TelemetryModule {

    /** Starts the SDK once. */
    @Provides
    @Singleton
    static Telemetry telemetry(OpenTelemetrySetup setup) {
        return Telemetry.start(setup);
    }

    /** Provides how trace context travels in headers, to the calls' factory. */
    @Provides
    static TextMapPropagator propagator(Telemetry telemetry) {
        return telemetry.propagator();
    }

    /** Reads the {@code telemetry:} section. */
    @Provides
    @Singleton
    static TelemetrySettings telemetrySettings(ConfigSection root) {
        return TelemetrySettings.fromConfig(root);
    }

    /** Makes the gateway's instruments once. */
    @Provides
    @Singleton
    static GatewayMetrics gatewayMetrics(Telemetry telemetry, TargetHealthRegistry health, TrackingStatus tracking) {
        return new GatewayMetrics(telemetry.meter(), health, tracking);
    }

    /** Has every call traced and measured. */
    @Provides
    @ElementsIntoSet
    static Set<CallObserver.Factory> observers(Telemetry telemetry, TelemetrySettings settings, GatewayMetrics metrics,
                                               ProviderNames providers, PriceTable prices) {
        final ContentCapture content = new ContentCapture(settings.captureContent(), settings.contentLimit());
        return Set.of(call -> new CallSpans(call, telemetry.tracer(), providers, content),
                      call -> new CallMetrics(call, metrics, providers, prices));
    }

    /** Reads the {@code logging:} section. */
    @Provides
    @Singleton
    static LoggingSettings loggingSettings(ConfigSection root) {
        return LoggingSettings.fromConfig(root);
    }

    /** Has every call write one access-log line, unless {@code logging.access_log} is false. */
    @Provides
    @ElementsIntoSet
    static Set<CallObserver.Factory> accessLog(LoggingSettings logging) {
        return logging.accessLog() ? Set.of(AccessLog::new) : Set.of();
    }

    /** Serves {@code /metrics} and traces HTTP requests. */
    @Provides
    @IntoSet
    static RouteContributor routes(TelemetryRoutes routes) {
        return routes;
    }

    /** Flushes and stops the SDK when llmg stops. */
    @Provides
    @IntoSet
    static AutoCloseable stopTelemetry(Telemetry telemetry) {
        return telemetry;
    }
}
