package dev.llmg.internal.providers.openai;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;

/**
 * Measures the OpenAI provider's side of the request path: the canonical request to the JSON bytes sent
 * upstream, and the upstream's JSON answer back to the canonical proto.
 *
 * <p>It lives in the provider's package (split across jars, on the class path) to reach its package-private
 * mappers without widening them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenAiProviderCodecBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ANSWER = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":"
            + "1700000000,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello from the upstream stub.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}").getBytes();

    private final OpenAiRequestMapper mapper = new OpenAiRequestMapper(false);
    private final ChatRequest request = ChatRequest.newBuilder().setModel("bench-model").setMaxTokens(64)
            .addMessages(Message.newBuilder().setRole(Role.ROLE_SYSTEM)
                                .addContent(ContentPart.newBuilder().setText("You are terse.")))
            .addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                .addContent(ContentPart.newBuilder().setText("Hello, bench! Tell me about gateways.")))
            .build();

    /** Maps the canonical request to the JSON bytes of OpenAI's request. */
    @Benchmark
    public byte[] requestProtoToJson() throws Exception {
        return JSON.writeValueAsBytes(mapper.toJson(request, false));
    }

    /** Parses OpenAI's answer and maps it to the canonical response. */
    @Benchmark
    public CreateChatCompletionResponse responseJsonToProto() throws Exception {
        return OpenAiResponseMapper.toResponse(JSON.readTree(ANSWER));
    }
}
