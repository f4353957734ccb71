package dev.llmg.internal.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.routing.PriceTable;

class InferenceWriterTest {

    @TempDir
    Path spillDir;

    @Test
    void writesEveryCallInBatches() {
        final FlakyStore store = new FlakyStore();
        final InferenceWriter writer = writer(store, "queue_size: 10000\nbatch_size: 50\nflush_interval: 20ms");
        submit(writer, 0, 1_000);
        Eventually.within(Duration.ofSeconds(20), () -> store.stored().size() == 1_000);
        writer.flush();
        assertThat(ids(store.stored())).hasSize(1_000);
        assertThat(writer.written()).isEqualTo(1_000);
        assertThat(writer.spilled()).isZero();
    }

    @Test
    void spillsWhileTheDatabaseIsDownAndReplaysOnceItIsBack() throws Exception {
        final FlakyStore store = new FlakyStore();
        final InferenceWriter writer = writer(store, "batch_size: 20\nflush_interval: 10ms");
        store.down(true);
        submit(writer, 0, 300);
        Eventually.within(Duration.ofSeconds(20), () -> writer.spilled() == 300);
        assertThat(store.stored()).isEmpty();
        store.down(false);
        submit(writer, 300, 400);
        Eventually.within(Duration.ofSeconds(30), () -> store.stored().size() == 400);
        writer.flush();
        assertThat(ids(store.stored())).hasSize(400);
        assertThat(writer.spilled()).isZero();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aFullQueueSpillsInsteadOfDropping() {
        final FlakyStore store = new FlakyStore();
        store.down(true);
        final InferenceWriter writer = writer(store, "queue_size: 5\nbatch_size: 5\nflush_interval: 1s");
        submit(writer, 0, 200);
        assertThat(writer.overflowed()).isPositive();
        store.down(false);
        Eventually.within(Duration.ofSeconds(30), () -> store.stored().size() == 200);
        writer.flush();
        assertThat(ids(store.stored())).hasSize(200);
    }

    @Test
    void aStopDuringAnOutageLeavesTheRecordsOnDiskForTheNextRun() throws Exception {
        final FlakyStore store = new FlakyStore();
        store.down(true);
        final InferenceWriter first = writer(store, "batch_size: 10\nflush_interval: 10ms\ndrain_timeout: 2s");
        submit(first, 0, 120);
        first.flush();
        assertThat(store.stored()).isEmpty();
        assertThat(first.spilled()).isEqualTo(120);

        store.down(false);
        final InferenceWriter next = writer(store, "batch_size: 10\nflush_interval: 10ms");
        assertThat(next.spilled()).isEqualTo(120);
        Eventually.within(Duration.ofSeconds(20), () -> store.stored().size() == 120);
        next.flush();
        assertThat(ids(store.stored())).hasSize(120);
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aRecordTheDatabaseRefusesIsSetAsideAndTheRestOfItsBatchWritten() throws Exception {
        final FlakyStore store = new FlakyStore();
        store.refuse("call-7");
        final InferenceWriter writer = writer(store, "batch_size: 50\nflush_interval: 50ms");
        submit(writer, 0, 20);
        Eventually.within(Duration.ofSeconds(20), () -> store.stored().size() == 19);
        writer.flush();
        assertThat(ids(store.stored())).hasSize(19).doesNotContain("call-7");
        assertThat(writer.spilled()).isZero();
        assertThat(Files.readString(spillDir.resolve("rejected.jsonl"))).contains("\"id\":\"call-7\"");
    }

    @Test
    void callsThatEndAfterTheStopAreSpilled() {
        final FlakyStore store = new FlakyStore();
        final InferenceWriter writer = writer(store, "flush_interval: 10ms");
        writer.flush();
        submit(writer, 0, 3);
        assertThat(writer.spilled()).isEqualTo(3);
    }

    @Test
    void aLineCutByACrashIsSkippedAndTheRestReplayed() throws Exception {
        final FlakyStore store = new FlakyStore();
        store.down(true);
        final InferenceWriter first = writer(store, "flush_interval: 10ms\ndrain_timeout: 1s");
        submit(first, 0, 5);
        first.flush();
        final Path file = spillFiles().get(0);
        Files.writeString(file, Files.readString(file) + "{\"id\":\"cut-sh", java.nio.file.StandardOpenOption.WRITE);
        store.down(false);
        final InferenceWriter next = writer(store, "flush_interval: 10ms");
        Eventually.within(Duration.ofSeconds(20), () -> store.stored().size() == 5 && next.spilled() == 0);
        next.flush();
    }

    private InferenceWriter writer(FlakyStore store, String tracking) {
        final ConfigSection root = new ConfigLoader(Map.of()).parse(
                "tracking:\n  spill_dir: " + spillDir + "\n" + tracking.lines().map(line -> "  " + line + "\n")
                                                                         .reduce("", String::concat));
        final TrackingSettings settings = TrackingSettings.from(root);
        return new InferenceWriter(store, new InferenceRecords(new PriceTable(() -> { throw new AssertionError("no prices without routing"); }), settings),
                                   settings);
    }

    private static void submit(InferenceWriter writer, int from, int to) {
        for (int i = from; i < to; i++) {
            final Call call = TestCalls.of("call-" + i);
            writer.submit(new EndedCall(call, Optional.empty(), 0, System.nanoTime(), CallOutcome.answered(
                    GatewayMetadata.newBuilder().setRequestId(call.requestId()).build(),
                    Usage.newBuilder().setInputTokens(3).setOutputTokens(4).build(), FinishReason.FINISH_REASON_STOP,
                    null)));
        }
    }

    private static Set<String> ids(List<InferenceRecord> records) {
        final Set<String> ids = new HashSet<>();
        records.forEach(record -> assertThat(ids.add(record.id())).as("stored once: %s", record.id()).isTrue());
        return ids;
    }

    private List<Path> spillFiles() throws Exception {
        try (var files = Files.list(spillDir)) {
            return files.toList();
        }
    }
}
