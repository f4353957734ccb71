package dev.llmg.internal.providers.sse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Measures decoding an upstream Server-Sent Events stream, one typical OpenAI chunk per event. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SseDecodeBenchmark {

    private static final byte[] EVENT = ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"word \"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);

    /** Decodes one event from its bytes. */
    @Benchmark
    public void decodeEvent(Blackhole hole) {
        new SseParser().feed(EVENT, hole::consume);
    }
}
