package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider that echoes its credentials in every field it can ({@link CredentialEchoUpstream}), configured as
 * an OpenAI, an Azure OpenAI and an Anthropic provider, each with a distinctive key: every surface is called
 * for every scenario, and no byte that reaches the caller (headers, trailers, decoded gRPC details, bodies,
 * stream events, WebSocket messages), nor any line of the gateway's log, may hold a key.
 */
class CredentialEchoTest {

    private static final List<String> KEYS = List.of(CredentialEchoUpstream.OPENAI_KEY, CredentialEchoUpstream.AZURE_KEY,
                                                     CredentialEchoUpstream.ANTHROPIC_KEY);
    private static final List<String> SCENARIOS = List.of("echo-401", "echo-401-text", "echo-429", "echo-200",
                                                          "echo-stream-error");

    @RegisterExtension
    @Order(1)
    static final CredentialEchoUpstream upstream = new CredentialEchoUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its configuration names
    static final HostileGateway gateway = new HostileGateway(upstream::gatewayConfig);

    private static final LogCapture log = new LogCapture();

    @BeforeAll
    static void recordLogs() {
        log.start("credential-echo");
    }

    @AfterAll
    static void stopRecording() {
        log.stopRecording();
    }

    @TestFactory
    Stream<DynamicNode> noKeyReachesACaller() {
        final List<DynamicNode> providers = new ArrayList<>();
        for (String provider : List.of("openai", "azure", "anthropic")) {
            final List<String> names = new ArrayList<>();
            final List<Supplier<String>> probes = new ArrayList<>();
            for (CredentialProbe.Surface surface : CredentialProbe.Surface.values()) {
                if (surface.embeddings && provider.equals("anthropic")) {
                    continue; // Anthropic makes no embeddings
                }
                for (String scenario : SCENARIOS) {
                    if (surface.embeddings && scenario.equals("echo-stream-error")) {
                        continue;
                    }
                    final String name = surface.label + " · " + provider + " · " + scenario;
                    // The marker tells this call's request apart at the upstream, calls being concurrent.
                    final String marker = scenario + " call-" + names.size();
                    names.add(name);
                    probes.add(() -> probe(surface, "echo-" + provider, marker, name));
                }
            }
            final Prefetch<String> problems = new Prefetch<>(probes);
            final List<DynamicNode> tests = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                final int index = i;
                tests.add(DynamicTest.dynamicTest(names.get(i), () -> {
                    if (problems.get(index) != null) {
                        throw new AssertionError(problems.get(index));
                    }
                }));
            }
            providers.add(DynamicContainer.dynamicContainer(provider + " provider echoing its key", tests));
        }
        providers.add(DynamicTest.dynamicTest("no key in the gateway's log", () -> {
            final List<String> found = new Exposure().add("log", log.text()).find(KEYS);
            if (!found.isEmpty()) {
                throw new AssertionError("the gateway's log: " + String.join("; ", found));
            }
        }));
        return providers.stream();
    }

    /** Returns what is wrong with the call, or null. */
    private static String probe(CredentialProbe.Surface surface, String model, String text, String name) {
        final Exposure exposure;
        try {
            exposure = new CredentialProbe(gateway.httpUri()).call(surface, model, text);
        } catch (RuntimeException e) {
            return name + ": the call failed (" + e + ')';
        }
        if (!upstream.received(text)) {
            return name + ": the call never reached the provider, so this check proves nothing";
        }
        final List<String> found = exposure.find(KEYS);
        return found.isEmpty() ? null : name + ": " + String.join("\n    ", found);
    }
}
