package dev.llmg.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * (direct), llmg (one or more instances of it: {@code llmg}, {@code llmg+tracking}, {@code llmg+tracing},
 * {@code llmg+auth}), and
 * optionally nginx and the Portkey gateway. The instances of llmg take turns route by route, so that their
 * figures for one route are measured close together in time.
 *
 * <p>Every HTTP call goes over HTTP/1.1 (cleartext) for every system, as nginx and Portkey speak it to
 * clients; gRPC necessarily uses HTTP/2. The stub's latency is chosen by path ({@code /lat/{ms}/v1}), and for
 * llmg by model ({@code bench-{ms}ms}, which hack/bench maps to a provider with that path).
 */
final class Scenarios {

    private static final String PROMPT = "Hello, bench!";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The GraphQL mutation of the unary route, asking for what a client would read of the answer. */
    private static final String GRAPHQL_MUTATION = "mutation Chat($input: ChatInput!) { createChatCompletion(input: "
            + "$input) { id choices { message { content { text } } finishReason } usage { totalTokens } } }";
    /** The GraphQL subscription of the streaming route. */
    private static final String GRAPHQL_SUBSCRIPTION = "subscription Stream($input: ChatInput!) { "
            + "chatCompletionStream(input: $input) { choices { delta { content } finishReason } } }";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClientFactory factory = ClientFactory.builder().idleTimeoutMillis(60_000).build();
    private final String host = "127.0.0.1";
    private final int stubPort;
    private final List<Gateway> gateways;
    private final int nginxPort;
    private final int portkeyPort;

    /**
     * One running llmg.
     *
     * @param system the name the report gives it, e.g. {@code llmg} or {@code llmg+tracking}
     * @param port its HTTP and gRPC port
     * @param pid its process id, to read its CPU time and memory; 0 when unknown
     * @param routes the routes to load it on ({@code openai}, {@code openai-routed}, {@code native-rest},
     *     {@code native-sse}, {@code native-grpc}, {@code graphql}); empty for all of them
     * @param key the key its calls present ({@code authorization: Bearer}), or empty for a keyless llmg
     */
    record Gateway(String system, int port, long pid, Set<String> routes, String key) {

        Gateway(String system, int port, long pid, Set<String> routes) {
            this(system, port, pid, routes, "");
        }

        /** Returns the headers every call to it carries. */
        Map<String, String> headers() {
            return key.isEmpty() ? Map.of() : Map.of("authorization", "Bearer " + key);
        }

        boolean serves(String route) {
            return routes.isEmpty() || routes.contains(route);
        }
    }

    Scenarios(int stubPort, List<Gateway> gateways, int nginxPort, int portkeyPort) {
        this.stubPort = stubPort;
        this.gateways = List.copyOf(gateways);
        this.nginxPort = nginxPort;
        this.portkeyPort = portkeyPort;
    }

    /** Returns the scenarios of a non-streaming comparison with the stub at {@code latencyMs}. */
    List<Scenario> unary(int latencyMs) {
        final List<Scenario> list = new ArrayList<>();
        final String stubPath = "/lat/" + latencyMs + "/v1/chat/completions";
        list.add(new Scenario("direct", "openai", latencyMs, false,
                              openAi(stubPort, stubPath, "bench-model", false, Map.of()), 0));
        if (nginxPort > 0) {
            list.add(new Scenario("nginx", "openai", latencyMs, false,
                                  openAi(nginxPort, stubPath, "bench-model", false, Map.of()), 0));
        }
        final String model = "bench-" + latencyMs + "ms";
        eachGateway(list, "openai", latencyMs, false, g -> openAiTarget(g, model, false));
        // A weighted group of two targets (hack/bench names it bench-group-{ms}ms): what routing adds.
        eachGateway(list, "openai-routed", latencyMs, false,
                    g -> openAiTarget(g, "bench-group-" + latencyMs + "ms", false));
        eachGateway(list, "native-rest", latencyMs, false,
                    g -> http(g.port(), "/api/v1/chat/completions", nativeJson(model), g.headers(), false));
        eachGateway(list, "native-grpc", latencyMs, false, g -> grpc(g, model, false));
        eachGateway(list, "graphql", latencyMs, false, g -> new GraphQlHttpTarget(
                webClient(g.port()), g.headers(), GRAPHQL_MUTATION, Map.of("input", graphQlInput(model))));
        if (portkeyPort > 0) {
            final Map<String, String> headers = Map.of(
                    "x-portkey-provider", "openai",
                    "x-portkey-custom-host", "http://" + host + ':' + stubPort + "/lat/" + latencyMs + "/v1",
                    "authorization", "Bearer sk-bench");
            list.add(new Scenario("portkey", "openai", latencyMs, false,
                                  openAi(portkeyPort, "/v1/chat/completions", "bench-model", false, headers), 0));
        }
        return list;
    }

    /** Returns the streaming scenarios (Portkey's streaming fails on Node 20, so it has none). */
    List<Scenario> streaming(int latencyMs) {
        final List<Scenario> list = new ArrayList<>();
        final String stubPath = "/lat/" + latencyMs + "/v1/chat/completions";
        list.add(new Scenario("direct", "openai", latencyMs, true,
                              openAi(stubPort, stubPath, "bench-model", true, Map.of()), 0));
        if (nginxPort > 0) {
            list.add(new Scenario("nginx", "openai", latencyMs, true,
                                  openAi(nginxPort, stubPath, "bench-model", true, Map.of()), 0));
        }
        final String model = "bench-" + latencyMs + "ms";
        eachGateway(list, "openai", latencyMs, true, g -> openAiTarget(g, model, true));
        eachGateway(list, "openai-routed", latencyMs, true,
                    g -> openAiTarget(g, "bench-group-" + latencyMs + "ms", true));
        eachGateway(list, "native-sse", latencyMs, true,
                    g -> http(g.port(), "/api/v1/chat/completions:stream", nativeJson(model), g.headers(), true));
        eachGateway(list, "native-grpc", latencyMs, true, g -> grpc(g, model, true));
        eachGateway(list, "graphql", latencyMs, true, g -> new GraphQlSocketTarget(
                "ws://" + host + ':' + g.port(), g.headers(), GRAPHQL_SUBSCRIPTION,
                JSON.valueToTree(Map.of("input", graphQlInput(model)))));
        return list;
    }

    /** Adds one scenario of {@code route} per llmg that is loaded on it, the llmg instances side by side. */
    private void eachGateway(List<Scenario> list, String route, int latencyMs, boolean stream,
                             Function<Gateway, Target> target) {
        for (Gateway gateway : gateways) {
            if (gateway.serves(route)) {
                list.add(new Scenario(gateway.system(), route, latencyMs, stream, target.apply(gateway),
                                      gateway.pid()));
            }
        }
    }

    /** Closes the connections of every scenario built here. */
    void close() {
        factory.close();
    }

    private HttpTarget openAiTarget(Gateway gateway, String model, boolean stream) {
        return openAi(gateway.port(), "/v1/chat/completions", model, stream, gateway.headers());
    }

    private HttpTarget openAi(int port, String path, String model, boolean stream, Map<String, String> headers) {
        final String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                            + "\"}],\"max_tokens\":64" + (stream ? ",\"stream\":true" : "") + '}';
        return http(port, path, body, headers, stream);
    }

    private HttpTarget http(int port, String path, String body, Map<String, String> headers, boolean stream) {
        return new HttpTarget(webClient(port), path, body, headers, stream);
    }

    private WebClient webClient(int port) {
        return WebClient.builder("h1c://" + host + ':' + port)
                        .factory(factory)
                        .responseTimeout(TIMEOUT)
                        .maxResponseLength(0)
                        .build();
    }

    /** The chat input of the GraphQL routes, as the schema's ChatInput. */
    private static Map<String, Object> graphQlInput(String model) {
        return Map.of("model", model, "maxTokens", 64, "messages", List.of(Map.of(
                "role", "ROLE_USER", "content", List.of(Map.of("text", PROMPT)))));
    }

    private GrpcTarget grpc(Gateway gateway, String model, boolean stream) {
        final String uri = "http://" + host + ':' + gateway.port();
        final ChatRequest chat = ChatRequest.newBuilder().setModel(model).addMessages(
                Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText(PROMPT)))
                                            .build();
        return new GrpcTarget(
                GrpcClients.builder(uri).factory(factory).responseTimeout(TIMEOUT).setHeaders(gateway.headers().entrySet())
                           .build(ChatServiceGrpc.ChatServiceFutureStub.class),
                GrpcClients.builder(uri).factory(factory).responseTimeout(TIMEOUT).setHeaders(gateway.headers().entrySet())
                           .build(ChatServiceGrpc.ChatServiceStub.class),
                chat, stream);
    }

    private static String nativeJson(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\""
               + PROMPT + "\"}]}]}";
    }
}
