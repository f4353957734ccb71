package dev.llmg.bench;

/**
 * Holds the figures of one run: one system and route at one rate, latencies in microseconds.
 *
 * @param system the system under test (direct, llmg, nginx, portkey)
 * @param route the route called (openai, native-rest, native-grpc, native-sse)
 * @param stubLatencyMs the upstream stub's fixed latency
 * @param stream whether the answer was streamed
 * @param rate the intended arrival rate, requests per second
 * @param achievedRate the rate of successful answers actually seen
 * @param ok successful requests
 * @param errors failed or lost requests
 * @param p50 the median latency; p90, p99 and p999 likewise
 * @param firstChunkP50 for streams, the median time to the first chunk; -1 otherwise
 * @param gapP50 for streams, the median gap between chunks; -1 otherwise
 * @param gapP99 for streams, the 99th percentile of the gap between chunks; -1 otherwise
 * @param cpuMicrosPerRequest the system's CPU time per request, when its process is known; -1 otherwise
 * @param rssMiB the system's resident memory after the run, when its process is known; -1 otherwise
 */
record RunResult(String system, String route, int stubLatencyMs, boolean stream, int rate, double achievedRate,
                 long ok, long errors, long p50, long p90, long p99, long p999, long firstChunkP50, long gapP50,
                 long gapP99, double cpuMicrosPerRequest, double rssMiB) {

    /** The CSV header matching {@link #csv()}. */
    static final String CSV_HEADER = "system,route,stub_latency_ms,stream,rate,achieved_rate,ok,errors,"
                                     + "p50_us,p90_us,p99_us,p999_us,first_chunk_p50_us,gap_p50_us,gap_p99_us,"
                                     + "cpu_us_per_request,rss_mib";

    /** Returns this result as one CSV line. */
    String csv() {
        return String.join(",", system, route, Integer.toString(stubLatencyMs), Boolean.toString(stream),
                           Integer.toString(rate), String.format("%.1f", achievedRate), Long.toString(ok),
                           Long.toString(errors), Long.toString(p50), Long.toString(p90), Long.toString(p99),
                           Long.toString(p999), Long.toString(firstChunkP50), Long.toString(gapP50),
                           Long.toString(gapP99), String.format("%.1f", cpuMicrosPerRequest),
                           String.format("%.1f", rssMiB));
    }

    /** Returns whether this run held its rate: no errors, at least 95% of the rate, and no queue building up. */
    boolean held() {
        return errors == 0 && achievedRate >= 0.95 * rate && p99 <= 10 * Math.max(p50, 1000);
    }

    /** Returns a label naming the system and route, e.g. {@code llmg/native-grpc}. */
    String label() {
        return system + "/" + route;
    }
}
