package dev.llmg.cmd.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed gRPC frames and headers ({@link GrpcFrameCases}) on gRPC over HTTP/2 for every method, and on
 * gRPC-Web and gRPC-Web-text for the chat methods: each must get a gRPC status other than INTERNAL and UNKNOWN
 * (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNIMPLEMENTED, ...) with a message saying what was wrong, in time.
 */
class GrpcFrameHostileTest {

    @RegisterExtension
    static final HostileGateway gateway = new HostileGateway();

    @TestFactory
    Stream<DynamicNode> grpc() {
        return Stream.of(GrpcMethodUnderTest.CREATE_CHAT, GrpcMethodUnderTest.STREAM_CHAT,
                         GrpcMethodUnderTest.CREATE_EMBEDDINGS, GrpcMethodUnderTest.LIST_MODELS)
                     .map(method -> batch(GrpcWire.Transport.GRPC, method));
    }

    @TestFactory
    Stream<DynamicNode> grpcWeb() {
        return Stream.of(batch(GrpcWire.Transport.GRPC_WEB, GrpcMethodUnderTest.CREATE_CHAT),
                         batch(GrpcWire.Transport.GRPC_WEB, GrpcMethodUnderTest.STREAM_CHAT),
                         batch(GrpcWire.Transport.GRPC_WEB_TEXT, GrpcMethodUnderTest.CREATE_CHAT));
    }

    private static DynamicNode batch(GrpcWire.Transport transport, GrpcMethodUnderTest method) {
        final String name = transport.contentType + ' ' + method.path();
        final GrpcWire[] wire = new GrpcWire[1];
        final List<GrpcFrameCases.FrameCase> cases = GrpcFrameCases.of(method, HostileGateway.MAX_REQUEST_LENGTH);
        final List<Supplier<Reply>> calls = new ArrayList<>();
        for (GrpcFrameCases.FrameCase hostile : cases) {
            calls.add(() -> wire(wire).call(transport, method.path(), hostile.frames(), hostile.headers()));
        }
        final Prefetch<Reply> replies = new Prefetch<>(calls);
        final List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            final GrpcFrameCases.FrameCase hostile = cases.get(i);
            final int index = i;
            tests.add(DynamicTest.dynamicTest(hostile.name(), () -> Verdict.check(
                    name, hostile.name(), hostile.expectation(), replies.get(index))));
        }
        if (transport.base64) {
            tests.add(DynamicTest.dynamicTest("a body that is not base64", () -> Verdict.check(
                    name, "a body that is not base64", Expectation.REFUSAL,
                    wire(wire).callWithBody(transport, method.path(), "!!! not base64 ***".getBytes(StandardCharsets.UTF_8),
                                            Map.of()))));
        }
        tests.add(DynamicTest.dynamicTest("the gateway is healthy after the batch",
                                          () -> GatewayHealth.assertHealthy(gateway.httpUri(), name)));
        return DynamicContainer.dynamicContainer(name + " (" + (tests.size() - 1) + " cases, seed "
                                                 + HostileSeed.value() + ')', tests);
    }

    private static GrpcWire wire(GrpcWire[] holder) {
        synchronized (holder) {
            if (holder[0] == null) {
                holder[0] = new GrpcWire(gateway.httpUri());
            }
            return holder[0];
        }
    }
}
