package dev.llmg.internal.api.openai;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Usage;

/**
 * Measures llmg's OpenAI-compatible API on the request path: the caller's JSON to the canonical proto, the
 * proto answer back to OpenAI's JSON, and one streamed piece encoded as a Server-Sent Event.
 *
 * <p>It lives in the API's package (split across jars, on the class path) to reach its package-private
 * classes without widening them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenAiApiCodecBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] REQUEST = ("{\"model\":\"bench-0ms\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are terse.\"},{\"role\":\"user\",\"content\":\"Hello, bench! Tell me about gateways.\"}],"
            + "\"max_tokens\":64,\"temperature\":0.2,\"stream\":false}").getBytes();

    private final CreateChatCompletionResponse response = CreateChatCompletionResponse.newBuilder()
            .setId("chatcmpl-bench").setModel("bench-model").setCreated(1_700_000_000L)
            .addChoices(Choice.newBuilder().setFinishReason(FinishReason.FINISH_REASON_STOP).setMessage(
                    Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                           .addContent(ContentPart.newBuilder().setText("Hello from the upstream stub."))))
            .setUsage(Usage.newBuilder().setInputTokens(12).setOutputTokens(7).setTotalTokens(19))
            .build();

    private final StreamChatCompletionResponse piece = StreamChatCompletionResponse.newBuilder()
            .setId("chatcmpl-bench").setModel("bench-model").setCreated(1_700_000_000L)
            .addChoices(ChoiceDelta.newBuilder().setDelta(Delta.newBuilder().setContent("word ")))
            .build();

    /** Parses OpenAI's request JSON and maps it to the canonical {@link ChatRequest}. */
    @Benchmark
    public ChatRequest requestJsonToProto() throws Exception {
        final JsonNode tree = JSON.readTree(REQUEST);
        return OpenAiChatRequestReader.read(tree).chat();
    }

    /** Maps a canonical answer to OpenAI's {@code chat.completion} JSON text. */
    @Benchmark
    public String responseProtoToJson() {
        return OpenAiChatResponseWriter.write(response, false).toString();
    }

    /** Encodes one streamed piece as an OpenAI {@code chat.completion.chunk} Server-Sent Event. */
    @Benchmark
    public String sseEncodeChunk() {
        return "data: " + new OpenAiChunkWriter(false, false).write(piece) + "\n\n";
    }
}
