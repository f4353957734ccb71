package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;

/**
 * Small requests that ask for huge work, against a gateway in its own 256 MiB JVM ({@link ChildGateway}):
 * JSON Schema bombs ({@link SchemaBombs}) on REST, {@code /v1} (unary and streamed) and the WebSocket, and
 * embeddings of 2,048 inputs at 6,144 dimensions on every embeddings surface. Each must be refused with a 4xx
 * quickly (or, for embeddings, answered within the bound), while {@code /healthz} keeps answering within a
 * second, and the gateway must be healthy afterwards.
 */
class ExhaustionTest {

    private static final int INPUTS = 2_048;
    private static final int DIMENSIONS = 6_144;

    @RegisterExtension
    static final ChildGateway gateway = new ChildGateway(String.join("\n",
            "server: {graceful_shutdown: {quiet_period: 0s, timeout: 1s}}",
            "auth: {required: false}",
            "storage: {url: \"jdbc:h2:mem:exhaustion;DB_CLOSE_DELAY=-1\"}",
            "providers: {simulator: {type: simulator}}",
            "models: [{name: " + BaseRequests.MODEL + ", provider: simulator}]", ""));

    @TestFactory
    Stream<DynamicNode> schemaBombs() {
        final List<DynamicNode> tests = new ArrayList<>();
        final List<SchemaBombs.Bomb> bombs = SchemaBombs.all();
        for (int i = 0; i < bombs.size(); i++) {
            final SchemaBombs.Bomb bomb = bombs.get(i);
            tests.add(detonate("REST POST /api/v1/chat/completions", bomb.name(), Expectation.REFUSAL, uri ->
                    new NativeRestSurface(new HttpCalls(uri), "/api/v1/chat/completions")
                            .send(utf8(SchemaBombs.nativeChat(bomb)))));
            // Unary on one bomb, streamed on the next: both read the same way, and each working bomb costs a
            // restart of the gateway's JVM.
            final boolean stream = i % 2 == 0;
            tests.add(detonate("OpenAI POST /v1/chat/completions" + (stream ? " (stream: true)" : ""), bomb.name(),
                    Expectation.REFUSAL, uri -> new OpenAiSurface(new HttpCalls(uri), "/v1/chat/completions", "")
                            .send(utf8(SchemaBombs.openAiChat(bomb, stream)))));
            tests.add(detonate("WebSocket chat.request", bomb.name(), Expectation.REFUSAL, uri -> {
                final WebSocketSurface socket = new WebSocketSurface(uri);
                try {
                    return socket.send(utf8(SchemaBombs.nativeChat(bomb)));
                } finally {
                    socket.close();
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicNode> embeddingsAmplification() {
        final String inputs = String.join(",", Collections.nCopies(INPUTS, "\"amplify me\""));
        final String what = INPUTS + " inputs at " + DIMENSIONS + " dimensions";
        return Stream.of(
                detonate("OpenAI POST /v1/embeddings", what, Expectation.ANSWER_OR_REFUSAL, uri ->
                        new OpenAiSurface(new HttpCalls(uri), "/v1/embeddings", "").send(utf8(
                                "{\"model\":\"" + BaseRequests.MODEL + "\",\"dimensions\":" + DIMENSIONS
                                + ",\"input\":[" + inputs + "]}"))),
                detonate("REST POST /api/v1/embeddings", what, Expectation.ANSWER_OR_REFUSAL, uri ->
                        new NativeRestSurface(new HttpCalls(uri), "/api/v1/embeddings").send(utf8(
                                "{\"model\":\"" + BaseRequests.MODEL + "\",\"dimensions\":" + DIMENSIONS
                                + ",\"inputs\":[" + inputs + "]}"))),
                detonate("gRPC CreateEmbeddings", what, Expectation.ANSWER_OR_REFUSAL, uri -> {
                    final CreateEmbeddingsRequest.Builder request =
                            CreateEmbeddingsRequest.newBuilder().setModel(BaseRequests.MODEL).setDimensions(DIMENSIONS);
                    for (int i = 0; i < INPUTS; i++) {
                        request.addInputs("amplify me");
                    }
                    return new GrpcWire(uri).call(GrpcWire.Transport.GRPC, GrpcMethodUnderTest.CREATE_EMBEDDINGS.path(),
                                                  GrpcFrames.frame(request.build().toByteArray()), Map.of());
                }));
    }

    /** Whether the last case may have left work running in the gateway, which a fresh one must not inherit. */
    private static boolean tainted;

    private static DynamicNode detonate(String surface, String what, Expectation expectation,
                                        Function<java.net.URI, Reply> send) {
        return DynamicTest.dynamicTest(surface + " · " + what, () -> {
            String replaced = null;
            if (tainted) {
                gateway.replace();
                replaced = "the previous case left it busy";
            } else {
                replaced = gateway.ensureHealthy();
            }
            final List<String> problems = new ArrayList<>();
            final Reply reply;
            final List<String> stalls;
            final long start = System.nanoTime();
            try (HealthWatch watch = HealthWatch.start(gateway.uri())) {
                reply = send.apply(gateway.uri());
                stalls = watch.stalls();
            }
            problems.addAll(Verdict.problems(expectation, reply));
            problems.addAll(stalls);
            final String after = GatewayHealth.problem(gateway.uri());
            if (after != null) {
                problems.add("afterwards: " + after);
            }
            tainted = after != null || !stalls.isEmpty() || reply.kind() == Reply.Kind.NO_ANSWER
                      || reply.kind() == Reply.Kind.SERVER_ERROR;
            if (!problems.isEmpty()) {
                throw new AssertionError(surface + " · " + what + ": " + String.join("; ", problems)
                        + "\n    got " + reply.status() + " after " + (System.nanoTime() - start) / 1_000_000 + " ms: "
                        + Reply.excerpt(reply.excerpt(), 300)
                        + (replaced == null ? "" : "\n    (the gateway was replaced before this case: " + replaced + ')')
                        + "\n    the gateway's log ends with: " + Reply.excerpt(gateway.logTail(), 600));
            }
        });
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
