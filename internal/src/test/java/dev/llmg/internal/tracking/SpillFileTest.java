package dev.llmg.internal.tracking;

import static dev.llmg.internal.tracking.TestInferences.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class SpillFileTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    Path directory;

    @Test
    void aSpilledRecordReadsBackWhole() {
        final InferenceRecord record = call("spilled", T0)
                .structured("invalid", "strict", List.of("code_fence", "truncated"), 2)
                .attempts(new AttemptRecord(1, "openai", "gpt-4o-mini", "rejected", "unavailable",
                                            "structured_output_invalid", 40_000, 0, 200, "req-1", "invalid",
                                            List.of("$.age: expected integer", "$: required 'name'")))
                .build();
        final SpillFile spill = new SpillFile(directory);
        spill.append(List.of(record, TestInferences.bare("bare", T0)));

        assertThat(spill.next(10)).containsExactly(record, TestInferences.bare("bare", T0));
    }

    @Test
    void aLineWrittenBeforeStructuredOutputReadsWithoutIt() throws Exception {
        final SpillFile writer = new SpillFile(directory);
        final InferenceRecord record = call("old", T0).build();
        final ObjectMapper json = new ObjectMapper();
        final ObjectNode line = (ObjectNode) json.readTree(writer.line(record));
        line.remove(List.of("structuredStatus", "structuredPolicy", "structuredRepairs", "structuredCorrections"));
        line.withArray("attempts").forEach(attempt -> ((ObjectNode) attempt).remove(
                List.of("structuredStatus", "structuredErrors")));
        assertThat(line.toString()).doesNotContain("structured");
        Files.writeString(directory.resolve("inferences-1-1.jsonl"), line + "\n", StandardCharsets.UTF_8);

        final List<InferenceRecord> read = new SpillFile(directory).next(10);

        assertThat(read).hasSize(1);
        final InferenceRecord old = read.get(0);
        assertThat(old.id()).isEqualTo("old");
        assertThat(old.structuredStatus()).isNull();
        assertThat(old.structuredPolicy()).isNull();
        assertThat(old.structuredRepairs()).isEmpty();
        assertThat(old.structuredCorrections()).isNull();
        assertThat(old.attempts()).hasSize(2).allSatisfy(attempt -> {
            assertThat(attempt.structuredStatus()).isNull();
            assertThat(attempt.structuredErrors()).isEmpty();
        });
        assertThat(old.requestBody()).isEqualTo(record.requestBody());
    }
}
