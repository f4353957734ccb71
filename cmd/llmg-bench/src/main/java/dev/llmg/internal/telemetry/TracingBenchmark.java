package dev.llmg.internal.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.google.protobuf.util.Durations;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.CallFactory_Factory;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.call.CallTrace;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;
import dev.llmg.internal.routing.LiveRoutingTable;
import dev.llmg.internal.routing.ModelFacts;
import dev.llmg.internal.routing.PriceTable;
import dev.llmg.internal.routing.RoutingTable;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.internal.server.ServerSettings;
import dev.llmg.internal.tracking.TrackingSettings;
import dev.llmg.internal.tracking.TrackingStatus;
import dev.llmg.spi.Attempt;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * What tracing costs a call on the request path: a unary chat call's events (requested, routed, one attempt
 * started and ended, ended) told to the observers telemetry contributes, {@link CallSpans} and
 * {@link CallMetrics}, made by {@link TelemetryModule#observers} as llmg makes them, against the same events
 * with no observer ({@code unobservedCall}). The SDK is built as llmg builds it (a Prometheus reader behind
 * the meter provider, W3C propagation); its spans go to an exporter that keeps nothing, so that what is
 * measured is llmg's side and the SDK's, not a network.
 *
 * <p>{@code sampling}: {@code always_off} is llmg without an OTLP endpoint (nothing sampled, the default);
 * {@code always_on} samples every call, its spans handed to a batch processor as the autoconfiguration does
 * (exported on the processor's own thread); {@code always_on_simple} exports each span as it ends, on the
 * caller's thread, to show what the batch processor keeps off the request path. With a sampler on, each call
 * also starts and ends a bare SERVER span, standing in for the one Armeria's instrumentation starts (without
 * its HTTP attributes and metric), so that the call's spans have the parent they have in llmg.
 *
 * <p>It lives in the telemetry package (split across jars, on the class path) to reach package-private parts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingBenchmark {

    private static final String MODEL = "gpt-4o-mini";
    private static final ChatRequest REQUEST = ChatRequest.newBuilder().setModel(MODEL).setMaxTokens(64).addMessages(
            Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText("hello"))).build();
    private static final CallRequest ASKED = new CallRequest(CallRequest.Operation.CHAT, MODEL, false, REQUEST);
    private static final RoutingTarget TARGET = RoutingTarget.newBuilder().setProvider("openai").setModel(MODEL)
                                                             .build();
    private static final RoutingDecision PLAN = RoutingDecision.newBuilder().setRequestedModel(MODEL).setModel(MODEL)
                                                               .setSummary(MODEL + " -> openai/" + MODEL).build();
    private static final RoutingAttempt SUCCEEDED = RoutingAttempt.newBuilder().setTarget(TARGET)
            .setOutcome(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED).setLatency(Durations.fromMillis(350))
            .setProviderStatus(200).setProviderRequestId("req_abc").build();
    private static final RoutingDecision ROUTED = PLAN.toBuilder().addAttempts(SUCCEEDED).build();
    private static final Usage USAGE = Usage.newBuilder().setInputTokens(12).setOutputTokens(40).build();
    private static final CallOutcome OUTCOME = CallOutcome.answered(
            GatewayMetadata.newBuilder().setProvider("openai").setModel(MODEL).setAttempts(1)
                           .setOverhead(Durations.fromMicros(400)).setProviderRequestId("req_abc")
                           .setRoute(ROUTED.getSummary()).setRouting(ROUTED).build(),
            USAGE, FinishReason.FINISH_REASON_STOP,
            CreateChatCompletionResponse.newBuilder().setId("chatcmpl-1").setModel(MODEL + "-2024-07-18")
                                        .addChoices(Choice.newBuilder().setFinishReason(FinishReason.FINISH_REASON_STOP)
                                                          .setMessage(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                                                             .addContent(ContentPart.newBuilder()
                                                                                     .setText("Hello there."))))
                                        .setUsage(USAGE).build());

    private ConfigSection root;
    private TelemetrySettings settings;
    private ProviderNames providers;
    private PriceTable prices;
    private ServiceRequestContext ctx;
    private CallFactory unobserved;
    private CallFactory metricsOnly;
    private Telemetry metricsTelemetry;

    /** The SDK and the calls' factory of one way of sampling and processing spans. */
    @State(Scope.Thread)
    public static class Traced {

        /** How spans are sampled and handed to the exporter (see the class's comment). */
        @Param({ "always_off", "always_on", "always_on_simple" })
        public String sampling;

        private final CountingExporter exporter = new CountingExporter();
        private Telemetry telemetry;
        private CallFactory spansAndMetrics;
        private CallFactory spansOnly;
        private Tracer tracer;
        private long calls;

        /** Builds the SDK, and the calls' factories with telemetry's observers. */
        @Setup(Level.Trial)
        public void setUp(TracingBenchmark bench) {
            final boolean sampled = !sampling.equals("always_off");
            final SpanProcessor processor = sampling.equals("always_on_simple") ? SimpleSpanProcessor.create(exporter)
                                            : BatchSpanProcessor.builder(exporter).build();
            telemetry = bench.telemetry(SdkTracerProvider.builder()
                                                         .setSampler(sampled ? Sampler.alwaysOn() : Sampler.alwaysOff())
                                                         .addSpanProcessor(processor).build());
            tracer = telemetry.tracer();
            spansAndMetrics = bench.calls(TelemetryModule.observers(telemetry, bench.settings, bench.metrics(telemetry),
                                                                    bench.providers, bench.prices), telemetry);
            final ContentCapture content = new ContentCapture(false, 16_384);
            spansOnly = bench.calls(Set.of(call -> new CallSpans(call, tracer, bench.providers, content)), telemetry);
        }

        /**
         * Exports what is pending and says how many spans were exported for how many calls: a sampled call has
         * three (server, route, attempt); fewer means the batch processor's queue was full and it dropped some,
         * which this loop, faster than any server, can make it do.
         */
        @TearDown(Level.Trial)
        public void tearDown() {
            telemetry.close();
            final long spans = exporter.exported.sum();
            System.out.printf("%n%s: %d calls, %d spans exported (%.2f per call)%n", sampling, calls, spans,
                              calls == 0 ? 0.0 : (double) spans / calls);
        }
    }

    /** Builds a routing table of one OpenAI model, and the factories that need no tracer. */
    @Setup(Level.Trial)
    public void setUp() {
        root = new ConfigLoader(Map.of()).parse("providers:\n  openai: {type: openai}\nmodels:\n"
                                                + "  - {name: " + MODEL + ", provider: openai}\n"
                                                + "tracking: {enabled: false}\n");
        // A real client, never called: only the table's names and prices are read.
        final OpenAiProvider client = new OpenAiProvider(OpenAiSettings.of("openai", URI.create("http://127.0.0.1:9/v1"),
                                                                           ""));
        final ProviderRegistry registry = ProviderRegistry.fromConfig(
                root, Map.of("openai", (name, section) -> ConfiguredProvider.available(name, "openai", client)));
        final LiveRoutingTable routing = new LiveRoutingTable(RoutingTable.fromConfig(
                root, registry, new TargetHealthRegistry(), ModelFacts.builtIn()));
        settings = TelemetrySettings.fromConfig(root);
        providers = new ProviderNames(() -> routing);
        prices = new PriceTable(() -> routing);
        ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.POST, "/v1/chat/completions"));
        metricsTelemetry = telemetry(SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build());
        unobserved = calls(Set.of(), metricsTelemetry);
        final GatewayMetrics metrics = metrics(metricsTelemetry);
        metricsOnly = calls(Set.of(call -> new CallMetrics(call, metrics, providers, prices)), metricsTelemetry);
    }

    /** Stops the SDK of the metrics-only calls. */
    @TearDown(Level.Trial)
    public void tearDown() {
        metricsTelemetry.close();
    }

    /** A call's events without any observer: the baseline. */
    @Benchmark
    public Call unobservedCall() {
        return endedCall(unobserved);
    }

    /** A call's events heard by CallMetrics alone (which does not depend on sampling). */
    @Benchmark
    public Call metricsOnly() {
        return endedCall(metricsOnly);
    }

    /** A call's events heard by CallSpans alone, under its server span when sampled. */
    @Benchmark
    public Call spansOnly(Traced traced) {
        return tracedCall(traced, traced.spansOnly);
    }

    /** A call's events heard by CallSpans and CallMetrics, as in llmg, under its server span when sampled. */
    @Benchmark
    public Call spansAndMetrics(Traced traced) {
        return tracedCall(traced, traced.spansAndMetrics);
    }

    private Call tracedCall(Traced traced, CallFactory calls) {
        traced.calls++;
        // As the HTTP instrumentation does: a SERVER span, current while the service runs, kept on the request.
        final Span server = traced.tracer.spanBuilder("POST /v1/chat/completions").setSpanKind(SpanKind.SERVER)
                                         .setParent(Context.root()).startSpan();
        ctx.setAttr(CallTrace.SERVER_CONTEXT, Context.root().with(server));
        final Call call = endedCall(calls);
        server.end();
        return call;
    }

    private Call endedCall(CallFactory calls) {
        final Call call = calls.forRequest(ctx, Surface.OPENAI);
        call.recorder().requested(ASKED);
        call.routed(PLAN);
        call.recorder().routed(PLAN);
        final Attempt attempt = Attempt.withTimeout(Duration.ofSeconds(60));
        attempt.reportServer("api.openai.com", 443);
        call.recorder().attemptStarted(1, TARGET, attempt);
        attempt.reportResponse(200, "req_abc");
        call.routed(ROUTED);
        call.recorder().attemptEnded(SUCCEEDED);
        call.recorder().ended(OUTCOME);
        return call;
    }

    private Telemetry telemetry(SdkTracerProvider tracers) {
        return Telemetry.start(prometheus -> OpenTelemetrySdk.builder().setTracerProvider(tracers)
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(prometheus).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build());
    }

    private GatewayMetrics metrics(Telemetry telemetry) {
        final TrackingSettings tracking = TrackingSettings.from(root);
        return new GatewayMetrics(telemetry.meter(), new TargetHealthRegistry(), new TrackingStatus(tracking, () -> {
            throw new IllegalStateException("tracking is off");
        }));
    }

    private CallFactory calls(Set<CallObserver.Factory> observers, Telemetry telemetry) {
        final TextMapPropagator propagator = telemetry.propagator();
        return CallFactory_Factory.newInstance(ServerSettings.from(root), observers, propagator,
                                               Authenticator.keyless());
    }

    /** Keeps nothing and counts what it was given. */
    private static final class CountingExporter implements SpanExporter {

        final LongAdder exported = new LongAdder();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.add(spans.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
