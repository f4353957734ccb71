package dev.llmg.internal.instruction;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.api.gateway.v1.InstructionMessage;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;

/**
 * What rendering an instruction costs a call that names one: a version of a system and a user template compiled
 * once (when it is created or read), rendered with three variables, each checked present and used.
 *
 * <p>{@code java -cp cmd/llmg-bench/target/llmg-bench.jar org.openjdk.jmh.Main InstructionRenderBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InstructionRenderBenchmark {

    private RenderableVersion version;
    private Struct variables;

    /** Compiles the version and prepares its variables. */
    @Setup
    public void setUp() {
        version = RenderableVersion.compile(InstructionVersion.newBuilder().setVersion(1)
                .addMessages(InstructionMessage.newBuilder().setRole(Role.ROLE_SYSTEM).setTemplate(
                        "You summarise texts about {{topic}} for {{audience}}, in three sentences at most."))
                .addMessages(InstructionMessage.newBuilder().setRole(Role.ROLE_USER).setTemplate(
                        "Summarise this:\n\n{{text}}"))
                .build(), "instruction");
        variables = Struct.newBuilder()
                          .putFields("topic", Value.newBuilder().setStringValue("the sea").build())
                          .putFields("audience", Value.newBuilder().setStringValue("children").build())
                          .putFields("text", Value.newBuilder().setStringValue(
                                  "Tides rise and fall twice a day as the moon pulls on the oceans. ".repeat(20))
                                                       .build())
                          .build();
    }

    /** Renders the version's messages. */
    @Benchmark
    public List<Message> render() {
        return version.render(variables, "summarize");
    }
}
