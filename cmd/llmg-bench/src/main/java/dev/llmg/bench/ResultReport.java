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
        streaming(md);
        held(md);
        return md.toString();
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
        return results.stream().filter(d -> d.system().equals("direct") && d.stream() == r.stream()
                                            && d.rate() == r.rate() && d.stubLatencyMs() == r.stubLatencyMs())
                      .findFirst();
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
