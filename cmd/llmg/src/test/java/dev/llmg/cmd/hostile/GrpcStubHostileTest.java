package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.protobuf.Message;

/**
 * Well-formed protobuf requests with bad values in every field ({@link BinaryMutations} over
 * {@link CanonicalPaths}), sent with grpc-java stubs over gRPC (unary and streaming) and gRPC-Web: enum numbers
 * out of range, NaN and infinities, NaN inside Structs, Structs deeper than the parser allows, huge text.
 */
class GrpcStubHostileTest {

    @RegisterExtension
    static final HostileGateway gateway = new HostileGateway();

    @TestFactory
    Stream<DynamicNode> grpc() {
        return Stream.of(batch(false, GrpcStubSurface.Call.COMPLETE, BaseRequests.chat()),
                         batch(false, GrpcStubSurface.Call.STREAM, BaseRequests.chat()),
                         batch(false, GrpcStubSurface.Call.EMBED, BaseRequests.embeddings()));
    }

    @TestFactory
    Stream<DynamicNode> grpcWeb() {
        return Stream.of(batch(true, GrpcStubSurface.Call.COMPLETE, BaseRequests.chat()));
    }

    private static DynamicNode batch(boolean grpcWeb, GrpcStubSurface.Call call, Message base) {
        final String name = (grpcWeb ? "gRPC-Web stub " : "gRPC stub ") + call;
        final List<String> names = new ArrayList<>();
        final List<Expectation> expectations = new ArrayList<>();
        final List<Message> requests = new ArrayList<>();
        names.add("the valid base request");
        expectations.add(Expectation.ANSWER);
        requests.add(base);
        for (FieldPath path : CanonicalPaths.of(base)) {
            for (BinaryMutations.BinaryMutation mutation : BinaryMutations.of(path, base)) {
                names.add(path + " · " + mutation.name());
                expectations.add(mutation.expectation());
                requests.add(ProtoSplice.with(base, path, mutation.value()));
            }
        }
        final GrpcStubSurface[] surface = new GrpcStubSurface[1];
        final List<Supplier<Reply>> calls = new ArrayList<>();
        for (Message request : requests) {
            calls.add(() -> surface(surface, grpcWeb).send(call, request));
        }
        final Prefetch<Reply> replies = new Prefetch<>(calls);
        final List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            final int index = i;
            tests.add(DynamicTest.dynamicTest(names.get(i), () -> Verdict.check(
                    name, names.get(index), expectations.get(index), replies.get(index))));
        }
        tests.add(DynamicTest.dynamicTest("the gateway is healthy after the batch",
                                          () -> GatewayHealth.assertHealthy(gateway.httpUri(), name)));
        return DynamicContainer.dynamicContainer(name + " (" + names.size() + " cases)", tests);
    }

    private static GrpcStubSurface surface(GrpcStubSurface[] holder, boolean grpcWeb) {
        synchronized (holder) {
            if (holder[0] == null) {
                holder[0] = new GrpcStubSurface(gateway.httpUri(), grpcWeb);
            }
            return holder[0];
        }
    }
}
