package dev.llmg.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs scenarios one after another at given rates, each after a warm-up, and collects their figures. */
final class BenchRunner {

    private final Duration warmup;
    private final Duration duration;
    private final LoadGenerator generator = new LoadGenerator(5_000, Duration.ofSeconds(11));
    private final Map<String, Long> sent = new LinkedHashMap<>();

    BenchRunner(Duration warmup, Duration duration) {
        this.warmup = warmup;
        this.duration = duration;
    }

    /**
     * Warms every scenario up at {@code rate} for {@code time} without recording anything, so that the first
     * measured rate does not pay for the JIT compilers of the systems (and of this generator).
     */
    void prewarm(List<Scenario> scenarios, int rate, Duration time) {
        for (Scenario scenario : scenarios) {
            if (!time.isZero()) {
                System.err.printf("==> warming up %s at %d req/s for %d ms%n", scenario.system() + "/" + scenario.route(),
                                  rate, time.toMillis());
                send(scenario, rate, time, new Measurements());
            }
        }
    }

    /**
     * Returns how many requests each system was sent so far, warm-ups included, so that a system that records
     * every call can be checked against it. Requests the generator gave up on because too many were in flight
     * are counted too; they show as errors in the results.
     */
    Map<String, Long> sent() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(sent));
    }

    /** Runs every scenario at every rate and returns one result per pair. */
    List<RunResult> run(List<Scenario> scenarios, List<Integer> rates) {
        final List<RunResult> results = new ArrayList<>();
        for (int rate : rates) {
            for (Scenario scenario : scenarios) {
                results.add(runOne(scenario, rate));
            }
        }
        return results;
    }

    private RunResult runOne(Scenario scenario, int rate) {
        if (!warmup.isZero()) {
            send(scenario, rate, warmup, new Measurements());
        }
        final long pid = scenario.pid();
        final long cpuBefore = pid > 0 ? ProcessStats.cpuNanos(pid) : 0;
        final Measurements m = new Measurements();
        final LoadGenerator.Outcome outcome = send(scenario, rate, duration, m);
        final double cpuPerRequest = pid > 0 ? (ProcessStats.cpuNanos(pid) - cpuBefore) / 1000.0 / outcome.sent() : -1;
        final double rss = pid > 0 ? ProcessStats.residentBytes(pid) / (1024.0 * 1024.0) : -1;
        final boolean streamed = scenario.stream();
        final RunResult result = new RunResult(
                scenario.system(), scenario.route(), scenario.stubLatencyMs(), streamed, rate, outcome.achievedRate(),
                m.ok.sum(), m.errors.sum(), m.latency.getValueAtPercentile(50), m.latency.getValueAtPercentile(90),
                m.latency.getValueAtPercentile(99), m.latency.getValueAtPercentile(99.9),
                streamed ? m.firstChunk.getValueAtPercentile(50) : -1,
                streamed ? m.chunkGap.getValueAtPercentile(50) : -1,
                streamed ? m.chunkGap.getValueAtPercentile(99) : -1, cpuPerRequest, rss);
        System.err.printf("==> %-20s stub %3d ms %-6s %5d req/s: p50 %6d us, p99 %7d us, errors %d%n",
                          result.label(), result.stubLatencyMs(), streamed ? "stream" : "unary", rate, result.p50(),
                          result.p99(), result.errors());
        return result;
    }

    private LoadGenerator.Outcome send(Scenario scenario, int rate, Duration time, Measurements sink) {
        final LoadGenerator.Outcome outcome = generator.run(scenario.target(), rate, time, sink);
        sent.merge(scenario.system(), outcome.sent(), Long::sum);
        return outcome;
    }
}
