package dev.llmg.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;

/**
 * Builds the scenarios of a run from the ports of the processes {@code hack/bench} started: the stub
 * (direct), llmg, and optionally nginx and the Portkey gateway.
 *
 * <p>Every HTTP call goes over HTTP/1.1 (cleartext) for every system, as nginx and Portkey speak it to
 * clients; gRPC necessarily uses HTTP/2. The stub's latency is chosen by path ({@code /lat/{ms}/v1}), and for
 * llmg by model ({@code bench-{ms}ms}, which hack/bench maps to a provider with that path).
 */
final class Scenarios {

    private static final String PROMPT = "Hello, bench!";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClientFactory factory = ClientFactory.builder().idleTimeoutMillis(60_000).build();
    private final String host = "127.0.0.1";
    private final int stubPort;
    private final int llmgPort;
    private final long llmgPid;
    private final int nginxPort;
    private final int portkeyPort;

    Scenarios(int stubPort, int llmgPort, long llmgPid, int nginxPort, int portkeyPort) {
        this.stubPort = stubPort;
        this.llmgPort = llmgPort;
        this.llmgPid = llmgPid;
        this.nginxPort = nginxPort;
        this.portkeyPort = portkeyPort;
    }

    /** Returns the scenarios of a non-streaming comparison with the stub at {@code latencyMs}. */
    List<Scenario> unary(int latencyMs) {
        final List<Scenario> list = new ArrayList<>();
        final String stubPath = "/lat/" + latencyMs + "/v1/chat/completions";
        list.add(openAi("direct", stubPort, stubPath, "bench-model", latencyMs, false, Map.of(), 0));
        if (nginxPort > 0) {
            list.add(openAi("nginx", nginxPort, stubPath, "bench-model", latencyMs, false, Map.of(), 0));
        }
        if (llmgPort > 0) {
            final String model = "bench-" + latencyMs + "ms";
            list.add(openAi("llmg", llmgPort, "/v1/chat/completions", model, latencyMs, false, Map.of(), llmgPid));
            list.add(routed(latencyMs, false));
            list.add(new Scenario("llmg", "native-rest", latencyMs, false,
                                  http(llmgPort, "/api/v1/chat/completions", nativeJson(model), Map.of(), false),
                                  llmgPid));
            list.add(new Scenario("llmg", "native-grpc", latencyMs, false, grpc(model, false), llmgPid));
        }
        if (portkeyPort > 0) {
            final Map<String, String> headers = Map.of(
                    "x-portkey-provider", "openai",
                    "x-portkey-custom-host", "http://" + host + ':' + stubPort + "/lat/" + latencyMs + "/v1",
                    "authorization", "Bearer sk-bench");
            list.add(openAi("portkey", portkeyPort, "/v1/chat/completions", "bench-model", latencyMs, false,
                            headers, 0));
        }
        return list;
    }

    /** Returns the streaming scenarios (Portkey's streaming fails on Node 20, so it has none). */
    List<Scenario> streaming(int latencyMs) {
        final List<Scenario> list = new ArrayList<>();
        final String stubPath = "/lat/" + latencyMs + "/v1/chat/completions";
        list.add(openAi("direct", stubPort, stubPath, "bench-model", latencyMs, true, Map.of(), 0));
        if (nginxPort > 0) {
            list.add(openAi("nginx", nginxPort, stubPath, "bench-model", latencyMs, true, Map.of(), 0));
        }
        if (llmgPort > 0) {
            final String model = "bench-" + latencyMs + "ms";
            list.add(openAi("llmg", llmgPort, "/v1/chat/completions", model, latencyMs, true, Map.of(), llmgPid));
            list.add(routed(latencyMs, true));
            list.add(new Scenario("llmg", "native-sse", latencyMs, true,
                                  http(llmgPort, "/api/v1/chat/completions:stream", nativeJson(model), Map.of(), true),
                                  llmgPid));
            list.add(new Scenario("llmg", "native-grpc", latencyMs, true, grpc(model, true), llmgPid));
        }
        return list;
    }

    /**
     * Returns llmg's OpenAI route to a weighted model group of two targets (hack/bench names it
     * {@code bench-group-{ms}ms}), beside the single-target route, so that the report shows what routing adds.
     */
    private Scenario routed(int latencyMs, boolean stream) {
        final Scenario scenario = openAi("llmg", llmgPort, "/v1/chat/completions", "bench-group-" + latencyMs + "ms",
                                         latencyMs, stream, Map.of(), llmgPid);
        return new Scenario(scenario.system(), "openai-routed", latencyMs, stream, scenario.target(), scenario.pid());
    }

    /** Closes the connections of every scenario built here. */
    void close() {
        factory.close();
    }

    private Scenario openAi(String system, int port, String path, String model, int latencyMs, boolean stream,
                            Map<String, String> headers, long pid) {
        final String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                            + "\"}],\"max_tokens\":64" + (stream ? ",\"stream\":true" : "") + '}';
        return new Scenario(system, "openai", latencyMs, stream, http(port, path, body, headers, stream), pid);
    }

    private HttpTarget http(int port, String path, String body, Map<String, String> headers, boolean stream) {
        final WebClient client = WebClient.builder("h1c://" + host + ':' + port)
                                          .factory(factory)
                                          .responseTimeout(TIMEOUT)
                                          .maxResponseLength(0)
                                          .build();
        return new HttpTarget(client, path, body, headers, stream);
    }

    private GrpcTarget grpc(String model, boolean stream) {
        final String uri = "http://" + host + ':' + llmgPort;
        final ChatRequest chat = ChatRequest.newBuilder().setModel(model).addMessages(
                Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText(PROMPT)))
                                            .build();
        return new GrpcTarget(
                GrpcClients.builder(uri).factory(factory).responseTimeout(TIMEOUT)
                           .build(ChatServiceGrpc.ChatServiceFutureStub.class),
                GrpcClients.builder(uri).factory(factory).responseTimeout(TIMEOUT)
                           .build(ChatServiceGrpc.ChatServiceStub.class),
                chat, stream);
    }

    private static String nativeJson(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\""
               + PROMPT + "\"}]}]}";
    }
}
