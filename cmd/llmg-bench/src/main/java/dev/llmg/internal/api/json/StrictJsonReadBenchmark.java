package dev.llmg.internal.api.json;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import io.grpc.MethodDescriptor.Marshaller;

/**
 * Measures the strict reading of a chat request (about 1.5 KB: four turns, a tool call, a tool with a JSON
 * schema) against what each surface used before: protobuf's {@code JsonFormat} over a Jackson tree (SSE,
 * WebSocket) and Armeria's default gRPC JSON marshaller (gRPC-JSON, and REST after transcoding). REST reads
 * the body strictly once more before the transcoder, which costs one {@link #strictChatRequest}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StrictJsonReadBenchmark {

    private static final String CHAT = "{\"model\":\"bench-0ms\",\"temperature\":0.2,\"max_tokens\":256,\"seed\":\"42\","
            + "\"messages\":[{\"role\":\"ROLE_SYSTEM\",\"content\":[{\"text\":\"You are a terse assistant that answers "
            + "questions about the weather and nothing else.\"}]},{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"What is "
            + "the weather in Paris and in Lyon today? Answer in Celsius.\"}]},{\"role\":\"ROLE_ASSISTANT\",\"toolCalls\":"
            + "[{\"id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":"
            + "\\\"celsius\\\"}\"}]},{\"role\":\"ROLE_TOOL\",\"toolCallId\":\"call_1\",\"content\":[{\"text\":\"{\\\"temp"
            + "\\\":21,\\\"sky\\\":\\\"clear\\\"}\"}]}],\"tools\":[{\"name\":\"get_weather\",\"description\":\"Returns the "
            + "current weather of a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\","
            + "\"description\":\"The city, e.g. Paris\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":7}},\"required\":[\"city\"],"
            + "\"additionalProperties\":false}}],\"toolChoice\":{\"mode\":\"TOOL_CHOICE_MODE_AUTO\"},"
            + "\"metadata\":{\"team\":\"bench\",\"trace\":\"abc123\"}}";
    private static final byte[] BODY = CHAT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENVELOPE = ("{\"chat\":" + CHAT + '}').getBytes(StandardCharsets.UTF_8);

    private static final ObjectMapper FORMER_TREE =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFormat.Parser FORMER_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final Marshaller<CreateChatCompletionRequest> REQUEST =
            ChatServiceGrpc.getCreateChatCompletionMethod().getRequestMarshaller();

    private final GrpcJsonMarshaller strict = StrictGrpcJsonMarshaller.factory().apply(ChatServiceGrpc.getServiceDescriptor());
    private final GrpcJsonMarshaller armeria = GrpcJsonMarshaller.of(ChatServiceGrpc.getServiceDescriptor());

    /** Reads the body strictly (SSE and WebSocket now; REST's extra check before the transcoder). */
    @Benchmark
    public ChatRequest strictChatRequest() {
        return ProtoJsonReader.NATIVE.read(JsonText.read(BODY, "the body"), ChatRequest.getDefaultInstance(), "the body");
    }

    /** Reads the body as SSE and WebSocket did before: a Jackson tree, printed again for JsonFormat. */
    @Benchmark
    public ChatRequest formerJsonFormat() throws Exception {
        final ChatRequest.Builder request = ChatRequest.newBuilder();
        FORMER_PARSER.merge(FORMER_TREE.readTree(BODY).toString(), request);
        return request.build();
    }

    /** Reads a gRPC-JSON message strictly (gRPC-JSON, gRPC-Web JSON and REST after transcoding now). */
    @Benchmark
    public CreateChatCompletionRequest strictGrpcJson() throws Exception {
        return strict.deserializeMessage(REQUEST, new ByteArrayInputStream(ENVELOPE));
    }

    /** Reads a gRPC-JSON message with Armeria's default marshaller, as before. */
    @Benchmark
    public CreateChatCompletionRequest armeriaGrpcJson() throws Exception {
        return armeria.deserializeMessage(REQUEST, new ByteArrayInputStream(ENVELOPE));
    }
}
