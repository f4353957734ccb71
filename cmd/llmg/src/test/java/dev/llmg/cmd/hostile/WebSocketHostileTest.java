package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chat WebSocket under hostile input: every field of the canonical chat request spoiled (as the
 * {@code chat} of a {@code chat.request}, refused with {@code chat.error} or {@code error}), then hostile
 * messages of the protocol itself; the gateway must answer each in the protocol's shape and stay healthy.
 */
class WebSocketHostileTest {

    @RegisterExtension
    static final HostileGateway gateway = new HostileGateway();

    @TestFactory
    Stream<DynamicNode> chatRequests() {
        final String name = "WebSocket " + HostileSocket.PATH + " chat.request";
        return Stream.of(HostileBatch.of(name, () -> new WebSocketSurface(gateway.httpUri()),
                                         CaseSampler.sample(ProtoJsonCases.of(BaseRequests.chat()), name),
                                         gateway.httpUri(), false));
    }

    @TestFactory
    Stream<DynamicNode> protocolMessages() {
        final String name = "WebSocket " + HostileSocket.PATH + " protocol";
        final WebSocketSurface[] surface = new WebSocketSurface[1];
        final List<DynamicNode> tests = new ArrayList<>();
        for (WebSocketProtocolCases.ProtocolCase hostile : WebSocketProtocolCases.of(HostileGateway.MAX_REQUEST_LENGTH)) {
            tests.add(DynamicTest.dynamicTest(hostile.name(), () -> {
                if (surface[0] == null) {
                    surface[0] = new WebSocketSurface(gateway.httpUri());
                }
                Verdict.check(name, hostile.name(), hostile.expectation(),
                              surface[0].exchange(hostile.replyId(), hostile.action()));
            }));
        }
        tests.add(DynamicTest.dynamicTest("the gateway is healthy after the batch",
                                          () -> GatewayHealth.assertHealthy(gateway.httpUri(), name)));
        return Stream.of(DynamicContainer.dynamicContainer(name + " (" + (tests.size() - 1) + " cases)", tests));
    }
}
