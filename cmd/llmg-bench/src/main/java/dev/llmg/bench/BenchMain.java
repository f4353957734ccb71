package dev.llmg.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.linecorp.armeria.server.Server;

/**
 * Runs the benchmark tools: {@code stub} serves the upstream stub until killed, {@code otlp-sink} stands in for
 * an OpenTelemetry collector until killed, {@code run} loads the systems hack/bench started and writes the
 * report, {@code inserts} measures how fast inference records are stored. JMH runs from the same jar with
 * {@code org.openjdk.jmh.Main}.
 */
public final class BenchMain {

    private static final String USAGE = String.join("\n",
            "usage: java -jar llmg-bench.jar stub [--port N] [--latency 0ms] [--chunks 10] [--chunk-interval 20ms]",
            "       java -jar llmg-bench.jar otlp-sink [--port N]   (OTLP/HTTP receiver; GET /stats tells its counts)",
            "       java -jar llmg-bench.jar run --stub-port N [--llmg-port N --llmg-pid PID]",
            "            [--llmg-tracked-port N --llmg-tracked-pid PID [--tracked-routes openai,...]]",
            "            [--llmg-traced-port N --llmg-traced-pid PID [--traced-routes openai,...]] [--nginx-port N]",
            "            [--llmg-auth-port N --llmg-auth-pid PID --llmg-auth-key KEY [--auth-routes openai,...]]",
            "            [--portkey-port N] [--latencies 0,20] [--rates 200,1000,3000] [--duration 5s]",
            "            [--warmup 2s] [--prewarm 3s] [--prewarm-rate 1000] [--stream-rate 50] [--out bench-results] [--title TEXT]",
            "       java -jar llmg-bench.jar inserts --db h2|postgres [--url JDBC] [--records 100000] [--batch 500]",
            "            [--warmup 20000] [--attempts 1]",
            "       java -cp llmg-bench.jar org.openjdk.jmh.Main [JMH options]   (microbenchmarks)");

    private BenchMain() {}

    /** Runs the command named by the first argument. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        final Args options = new Args(args, 1);
        switch (args[0]) {
            case "stub" -> stub(options);
            case "otlp-sink" -> otlpSink(options);
            case "run" -> run(options);
            case "inserts" -> InsertRate.run(options);
            default -> {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }

    private static void stub(Args options) {
        final UpstreamStub stub = new UpstreamStub(options.duration("latency", "0ms"), options.integer("chunks", 10),
                                                   options.duration("chunk-interval", "20ms"));
        final Server server = stub.start(options.integer("port", 0));
        // hack/bench reads the port from this line.
        System.out.println("stub listening on http://127.0.0.1:" + server.activeLocalPort());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join()));
    }

    private static void otlpSink(Args options) {
        final Server server = new OtlpSink().start(options.integer("port", 0));
        // hack/bench reads the port from this line.
        System.out.println("otlp-sink listening on http://127.0.0.1:" + server.activeLocalPort());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join()));
    }

    private static void run(Args options) throws Exception {
        final List<Scenarios.Gateway> gateways = new ArrayList<>();
        if (options.integer("llmg-port", 0) > 0) {
            gateways.add(new Scenarios.Gateway("llmg", options.integer("llmg-port", 0),
                                               Long.parseLong(options.string("llmg-pid", "0")), Set.of()));
        }
        if (options.integer("llmg-tracked-port", 0) > 0) {
            gateways.add(new Scenarios.Gateway(ResultReport.TRACKED, options.integer("llmg-tracked-port", 0),
                                               Long.parseLong(options.string("llmg-tracked-pid", "0")),
                                               Set.copyOf(options.strings("tracked-routes"))));
        }
        if (options.integer("llmg-traced-port", 0) > 0) {
            gateways.add(new Scenarios.Gateway(ResultReport.TRACED, options.integer("llmg-traced-port", 0),
                                               Long.parseLong(options.string("llmg-traced-pid", "0")),
                                               Set.copyOf(options.strings("traced-routes"))));
        }
        if (options.integer("llmg-auth-port", 0) > 0) {
            gateways.add(new Scenarios.Gateway(ResultReport.AUTHENTICATED, options.integer("llmg-auth-port", 0),
                                               Long.parseLong(options.string("llmg-auth-pid", "0")),
                                               Set.copyOf(options.strings("auth-routes")),
                                               options.string("llmg-auth-key", "")));
        }
        final Scenarios scenarios = new Scenarios(options.integer("stub-port", 0), gateways,
                                                  options.integer("nginx-port", 0), options.integer("portkey-port", 0));
        final BenchRunner runner = new BenchRunner(options.duration("warmup", "2s"), options.duration("duration", "5s"));
        final List<RunResult> results = new ArrayList<>();
        try {
            final List<Scenario> warm = new ArrayList<>(scenarios.unary(0));
            // Portkey is left out: a Node process warms up quickly and falls over at this rate.
            warm.removeIf(s -> s.system().equals("portkey"));
            runner.prewarm(warm, options.integer("prewarm-rate", 1000), options.duration("prewarm", "3s"));
            for (int latency : options.integers("latencies", "0,20")) {
                results.addAll(runner.run(scenarios.unary(latency), options.integers("rates", "200,1000,3000")));
            }
            for (int latency : options.integers("stream-latencies", "0")) {
                results.addAll(runner.run(scenarios.streaming(latency), options.integers("stream-rate", "50")));
            }
        } finally {
            scenarios.close();
        }
        final Path out = Path.of(options.string("out", "bench-results"));
        final ResultReport report = new ResultReport(results, options.string("title", "llmg benchmark"));
        report.write(out);
        // hack/bench compares these with the records the tracked llmg says it wrote, and the spans the sink got.
        final StringBuilder sent = new StringBuilder("system,requests_sent\n");
        runner.sent().forEach((system, count) -> sent.append(system).append(',').append(count).append('\n'));
        Files.writeString(out.resolve("requests-sent.csv"), sent);
        LatencyChart.write(results, out.resolve("latency.png"));
        System.out.print(report.markdown());
        System.exit(0); // non-daemon client threads must not keep the JVM alive
    }
}
