package dev.llmg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns run results into the report: Markdown tables (latency and overhead against direct, streaming, the
 * highest rate held, the targets) and a CSV of the raw figures.
 */
final class ResultReport {

    /** The system name of the llmg that records every call, beside {@code llmg} with tracking off. */
    static final String TRACKED = "llmg+tracking";
    /** The system name of the llmg that samples every call and exports its spans, beside {@code llmg}. */
    static final String TRACED = "llmg+tracing";
    /** The system name of the llmg that authenticates every call and holds it to its endpoint's limits. */
    static final String AUTHENTICATED = "llmg+auth";

    private final List<RunResult> results;
    private final String title;

    ResultReport(List<RunResult> results, String title) {
        this.results = results;
        this.title = title;
    }

    /** Writes {@code results.csv} and {@code results.md} into {@code dir}. */
    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        final StringBuilder csv = new StringBuilder(RunResult.CSV_HEADER).append('\n');
        results.forEach(r -> csv.append(r.csv()).append('\n'));
        Files.writeString(dir.resolve("results.csv"), csv);
        Files.writeString(dir.resolve("results.md"), markdown());
    }

    /** Returns the whole report as Markdown. */
    String markdown() {
        final StringBuilder md = new StringBuilder("### ").append(title).append("\n\n");
        md.append("Non-streaming. Latency in ms from the intended send time (open loop); overhead (+) in µs is the "
                  + "latency minus direct's at the same stub latency and rate.\n\n");
        md.append("| system/route | stub | rate | achieved | errors | p50 | p90 | p99 | p99.9 | +p50 | +p99 | +p99.9 "
                  + "| CPU µs/req | RSS MiB |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            if (r.stream()) {
                continue;
            }
            final Optional<RunResult> direct = direct(r);
            md.append(String.format("| %s | %d ms | %d | %.0f | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                                    r.label(), r.stubLatencyMs(), r.rate(), r.achievedRate(), r.errors(), ms(r.p50()),
                                    ms(r.p90()), ms(r.p99()), ms(r.p999()),
                                    plus(r, direct.map(RunResult::p50), r.p50()),
                                    plus(r, direct.map(RunResult::p99), r.p99()),
                                    plus(r, direct.map(RunResult::p999), r.p999()),
                                    r.cpuMicrosPerRequest() < 0 ? "" : String.format("%.0f", r.cpuMicrosPerRequest()),
                                    r.rssMiB() < 0 ? "" : String.format("%.0f", r.rssMiB())));
        }
        targets(md);
        tracking(md);
        tracing(md);
        authentication(md);
        streaming(md);
        held(md);
        return md.toString();
    }

    /** Reports (never asserts) llmg's overhead as multiples of nginx's, and whether it is below Portkey's. */
    private void targets(StringBuilder md) {
        final StringBuilder rows = new StringBuilder();
        for (RunResult r : results) {
            if (r.stream() || !r.system().equals("llmg")) {
                continue;
            }
            final Optional<RunResult> direct = direct(r);
            final Optional<RunResult> nginx = peer("nginx", r);
            final Optional<RunResult> portkey = peer("portkey", r);
            if (direct.isEmpty() || nginx.isEmpty() && portkey.isEmpty()) {
                continue;
            }
            final long d50 = direct.get().p50();
            final long d99 = direct.get().p99();
            rows.append(String.format("| %s | %d ms | %d | %s | %s | %s |%n", r.label(), r.stubLatencyMs(), r.rate(),
                                      nginx.map(n -> ratio(r.p50() - d50, n.p50() - d50)).orElse(""),
                                      nginx.map(n -> ratio(r.p99() - d99, n.p99() - d99)).orElse(""),
                                      portkey.map(k -> r.p50() < k.p50() && r.p99() < k.p99() ? "yes" : "no")
                                             .orElse("")));
        }
        if (rows.length() > 0) {
            md.append("\nAgainst the targets (reported, never asserted): llmg's added p50 and p99 as multiples of "
                      + "nginx's (targets at 1000 req/s, 0 ms: 1.5x and 2x), and whether its p50 and p99 are below "
                      + "Portkey's.\n\n| system/route | stub | rate | +p50 / nginx's | +p99 / nginx's "
                      + "| below Portkey |\n|---|--:|--:|--:|--:|--:|\n").append(rows);
        }
    }

    /**
     * Reports (never asserts) what recording every call adds: {@code llmg+tracking} against {@code llmg}.
     */
    private void tracking(StringBuilder md) {
        added(md, TRACKED, "tracking", "Tracking (reported, never asserted): " + TRACKED + " is a second llmg from "
              + "the same jar that records every call, against llmg with tracking off, on the same route, stub "
              + "latency and rate. llmg +p50/+p99 is llmg's own overhead (its latency minus direct's, µs); tracking "
              + "+p50/+p99 is what recording adds on top (µs); share is the one over the other (target: under "
              + "10%). Differences of a few µs are within run-to-run noise.");
    }

    /**
     * Reports (never asserts) what tracing every call adds: {@code llmg+tracing}, which samples every call and
     * exports its spans, against {@code llmg}, which samples none.
     */
    private void tracing(StringBuilder md) {
        added(md, TRACED, "tracing", "Tracing (reported, never asserted): " + TRACED + " is a second llmg from "
              + "the same jar, tracking off, that samples every call (OTEL_TRACES_SAMPLER=always_on) and exports "
              + "its spans over OTLP/HTTP (protobuf) to a local sink, against llmg with no OTEL_* variables "
              + "(nothing sampled or exported), on the same route, stub latency and rate. llmg +p50/+p99 is llmg's "
              + "own overhead (its latency minus direct's, µs); tracing +p50/+p99 is what tracing adds on top (µs); "
              + "share is the one over the other. Differences of a few µs are within run-to-run noise.");
    }

    /**
     * Reports (never asserts) what keys and limits add: {@code llmg+auth}, which requires a key (resolved through
     * a grouping of tenants) and holds each call to its endpoint's limits, against the keyless {@code llmg}.
     */
    private void authentication(StringBuilder md) {
        added(md, AUTHENTICATED, "auth", "Keys and limits (reported, never asserted): " + AUTHENTICATED + " is a "
              + "second llmg from the same jar, tracking off, with auth.required: true: every call presents an "
              + "endpoint's key (hashed and looked up, checked against the endpoint's allowlist) and is admitted "
              + "under limits at its endpoint, group, team and tenant (requests, tokens and concurrency, high enough "
              + "never to refuse), against the keyless llmg, on the same route, stub latency and rate. auth "
              + "+p50/+p99 is what keys and limits add on top of llmg's own overhead (µs). Differences of a few µs "
              + "are within run-to-run noise.");
    }

    /**
     * Adds a table of what the llmg named {@code system} (llmg with {@code concern} switched on) adds to the
     * latency and CPU of {@code llmg} on the same route, stub latency and rate, beside llmg's own overhead (its
     * latency minus direct's); nothing when {@code system} was not run.
     */
    private void added(StringBuilder md, String system, String concern, String explanation) {
        final StringBuilder rows = new StringBuilder();
        for (RunResult variant : results) {
            if (!variant.system().equals(system)) {
                continue;
            }
            final Optional<RunResult> plain = results.stream().filter(
                    p -> p.system().equals("llmg") && p.route().equals(variant.route())
                         && p.stream() == variant.stream() && p.rate() == variant.rate()
                         && p.stubLatencyMs() == variant.stubLatencyMs()).findFirst();
            final Optional<RunResult> direct = direct(variant);
            if (plain.isEmpty() || direct.isEmpty()) {
                continue;
            }
            final RunResult l = plain.get();
            final RunResult d = direct.get();
            final boolean streamed = variant.stream();
            // For streams, the whole call's latency (to the last chunk) is compared, as for unary calls.
            rows.append(String.format("| %s%s | %d ms | %d | %s | %s | %+d | %+d | %s | %+d | %+d | %s | %s |%n",
                                      variant.route(), streamed ? " (stream)" : "", variant.stubLatencyMs(),
                                      variant.rate(), ms(l.p50()), ms(variant.p50()), l.p50() - d.p50(),
                                      variant.p50() - l.p50(), share(variant.p50() - l.p50(), l.p50() - d.p50()),
                                      l.p99() - d.p99(), variant.p99() - l.p99(),
                                      share(variant.p99() - l.p99(), l.p99() - d.p99()),
                                      l.cpuMicrosPerRequest() < 0 || variant.cpuMicrosPerRequest() < 0 ? ""
                                      : String.format("%+.0f", variant.cpuMicrosPerRequest()
                                                               - l.cpuMicrosPerRequest())));
        }
        if (rows.length() > 0) {
            md.append('\n').append(explanation).append("\n\n")
              .append(String.format("| route | stub | rate | llmg p50 | %1$s p50 | llmg +p50 | %2$s +p50 | share p50 "
                                    + "| llmg +p99 | %2$s +p99 | share p99 | %2$s +CPU µs/req |%n", system, concern))
              .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n").append(rows);
        }
    }

    private static String share(long added, long ownOverhead) {
        if (ownOverhead <= 0) {
            return "n/a";
        }
        return String.format("%.0f%%", 100.0 * added / ownOverhead);
    }

    private Optional<RunResult> peer(String system, RunResult r) {
        return results.stream().filter(p -> p.system().equals(system) && p.stream() == r.stream()
                                            && p.rate() == r.rate() && p.stubLatencyMs() == r.stubLatencyMs())
                      .findFirst();
    }

    private static String ratio(long overhead, long nginxOverhead) {
        if (nginxOverhead <= 0) {
            return overhead <= 0 ? "both ≤ 0" : "nginx ≤ 0";
        }
        return String.format("%.1fx", (double) overhead / nginxOverhead);
    }

    private void streaming(StringBuilder md) {
        if (results.stream().noneMatch(RunResult::stream)) {
            return;
        }
        md.append("\nStreaming. Time to first chunk (TTFC) and gaps between chunks in ms; + is the difference to "
                  + "direct, in µs.\n\n");
        md.append("| system/route | stub | rate | errors | TTFC p50 | +TTFC p50 | gap p50 | +gap p50 | gap p99 "
                  + "| +gap p99 | whole p50 |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            if (!r.stream()) {
                continue;
            }
            final Optional<RunResult> direct = direct(r);
            md.append(String.format("| %s | %d ms | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n", r.label(),
                                    r.stubLatencyMs(), r.rate(), r.errors(), ms(r.firstChunkP50()),
                                    plus(r, direct.map(RunResult::firstChunkP50), r.firstChunkP50()),
                                    ms(r.gapP50()), plus(r, direct.map(RunResult::gapP50), r.gapP50()),
                                    ms(r.gapP99()), plus(r, direct.map(RunResult::gapP99), r.gapP99()),
                                    ms(r.p50())));
        }
    }

    private void held(StringBuilder md) {
        final Map<String, Integer> highest = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.stream()) {
                continue;
            }
            final String key = r.label() + "|" + r.stubLatencyMs();
            highest.putIfAbsent(key, 0);
            if (r.held()) {
                highest.merge(key, r.rate(), Math::max);
            }
        }
        md.append("\nHighest rate held (no errors, at least 95% of the rate achieved, p99 at most 10x p50), "
                  + "of the rates tried.\n\n| system/route | stub | highest rate held |\n|---|--:|--:|\n");
        highest.forEach((key, rate) -> {
            final String[] parts = key.split("\\|");
            md.append(String.format("| %s | %s ms | %s |%n", parts[0], parts[1], rate == 0 ? "none" : rate));
        });
    }

    private Optional<RunResult> direct(RunResult r) {
        return peer("direct", r);
    }

    private static String plus(RunResult r, Optional<Long> direct, long value) {
        if (r.system().equals("direct") || direct.isEmpty() || value < 0) {
            return "";
        }
        return String.format("%+d", value - direct.get());
    }

    private static String ms(long micros) {
        return micros < 0 ? "" : String.format("%.2f", micros / 1000.0);
    }
}
