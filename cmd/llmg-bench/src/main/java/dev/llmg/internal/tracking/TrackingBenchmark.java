package dev.llmg.internal.tracking;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.CallFactory_Factory;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.routing.PriceTable;
import dev.llmg.internal.server.ServerSettings;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * What tracking costs a call: {@code observedCall} is the request path's share (a call made with and without
 * the inference observer, told what it asked for and how it ended, which hands it to the writer's queue);
 * {@code buildRecord} and {@code spillLine} are the writer's work per record, off the request path. The
 * writer here writes to a store that keeps nothing, so that the queue never fills.
 *
 * <p>It lives in the tracking package (split across jars, on the class path) to reach package-private parts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TrackingBenchmark {

    private static final ChatRequest REQUEST = ChatRequest.newBuilder().setModel("gpt-4o-mini").addMessages(
            Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText("hello"))).build();
    private static final CallOutcome OUTCOME = CallOutcome.answered(
            GatewayMetadata.newBuilder().setProvider("openai").setModel("gpt-4o-mini").setAttempts(1).build(),
            Usage.newBuilder().setInputTokens(12).setOutputTokens(40).build(), FinishReason.FINISH_REASON_STOP, null);

    private ServiceRequestContext ctx;
    private CallFactory untracked;
    private CallFactory tracked;
    private InferenceWriter writer;
    private InferenceRecords records;
    private EndedCall ended;
    private SpillFile spill;
    private InferenceRecord record;

    @Setup
    public void setUp() throws Exception {
        final ConfigSection root = new ConfigLoader(Map.of()).parse(
                "tracking: {spill_dir: " + java.nio.file.Files.createTempDirectory("llmg-jmh-spill") + "}\n");
        final TrackingSettings settings = TrackingSettings.from(root);
        records = new InferenceRecords(new PriceTable(() -> { throw new IllegalStateException("no routing"); }),
                                       settings);
        writer = new InferenceWriter(new DiscardingStore(), records, settings);
        ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.POST, "/api/v1/chat/completions"));
        final ServerSettings server = ServerSettings.from(root);
        untracked = CallFactory_Factory.newInstance(server, Set.of(), TextMapPropagator.noop(),
                                                     Authenticator.keyless());
        tracked = CallFactory_Factory.newInstance(server, Set.of(call -> new InferenceObserver(call, writer)),
                                                   TextMapPropagator.noop(), Authenticator.keyless());
        final Call call = tracked.forRequest(ctx, Surface.REST);
        ended = new EndedCall(call, Optional.of(new CallRequest(CallRequest.Operation.CHAT, "gpt-4o-mini", false,
                                                                REQUEST)), 0, System.nanoTime(), OUTCOME);
        spill = new SpillFile(settings.spillDirectory());
        record = new InferenceRecord("req-1", Instant.now(), null, "anonymous", "rest", "chat", "gpt-4o-mini", null,
                                     "gpt-4o-mini", "openai", "gpt-4o-mini", false, "OK", null, null, 350_000, null,
                                     180, 12, 40, 0, 0, false, new BigDecimal("0.000123"), "stop", null, null, null,
                                     null, null, null, List.of(), null,
                                     List.of(new AttemptRecord(1, "openai", "gpt-4o-mini", "succeeded", null, null,
                                                               349_000, 0, 200, "req_abc", null, List.of())));
    }

    @TearDown
    public void tearDown() {
        writer.flush();
    }

    /** A call's events without any observer: the baseline of {@link #observedCall}. */
    @Benchmark
    public Call unobservedCall() {
        return endedCall(untracked);
    }

    /** A call's events with the inference observer: creating it, noting the request, queueing the end. */
    @Benchmark
    public Call observedCall() {
        return endedCall(tracked);
    }

    /** Turning an ended call into its record, on the writer's thread. */
    @Benchmark
    public InferenceRecord buildRecord() {
        return records.of(ended);
    }

    /** Printing a record as a spill line (what an outage costs per record, on the writer's thread). */
    @Benchmark
    public String spillLine() throws Exception {
        return spill.line(record);
    }

    private Call endedCall(CallFactory calls) {
        final Call call = calls.forRequest(ctx, Surface.REST);
        call.recorder().requested(new CallRequest(CallRequest.Operation.CHAT, "gpt-4o-mini", false, REQUEST));
        call.recorder().ended(OUTCOME);
        return call;
    }

    /** Keeps nothing: the benchmark measures llmg's side, not a database. */
    private static final class DiscardingStore implements InferenceStore {
        @Override
        public int insert(List<InferenceRecord> batch) {
            return batch.size();
        }

        @Override
        public Optional<InferenceRecord> find(String id, String tenant) {
            return Optional.empty();
        }

        @Override
        public InferencePage list(InferenceFilter filter, Optional<InferenceCursor> after, int pageSize) {
            return new InferencePage(List.of(), Optional.empty());
        }

        @Override
        public List<UsageRow> usage(UsageQuery query) {
            return List.of();
        }

        @Override
        public int purgeBefore(Instant cutoff, int limit) {
            return 0;
        }
    }
}
