package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;

/**
 * Every field of the canonical chat and embeddings requests, spoiled every way {@link ProtoJsonMutations} and
 * {@link WholeBodyMutations} know, on every surface that reads them as proto3 JSON: transcoded REST, gRPC with
 * a JSON body (HTTP/2 and gRPC-Web) and Server-Sent Events; then the query of {@code GET /api/v1/models}.
 * Each must be refused (4xx / non-INTERNAL) in the surface's error shape with a clean message, or answered
 * where the input is legal, and the gateway must stay healthy. Last, requests refused before any service reads
 * them (wrong method, unknown route, oversized request line or header) must get the same error shapes.
 */
class NativeJsonHostileTest {

    @RegisterExtension
    static final HostileGateway gateway = new HostileGateway();

    @TestFactory
    Stream<DynamicNode> restChat() {
        return Stream.of(HostileBatch.of("REST POST /api/v1/chat/completions",
                () -> new NativeRestSurface(new HttpCalls(gateway.httpUri()), "/api/v1/chat/completions"),
                ProtoJsonCases.of(BaseRequests.chat()), gateway.httpUri()));
    }

    @TestFactory
    Stream<DynamicNode> sseChat() {
        final String name = "SSE POST " + SseSurface.PATH;
        return Stream.of(HostileBatch.of(name, () -> new SseSurface(new HttpCalls(gateway.httpUri())),
                CaseSampler.sample(ProtoJsonCases.of(BaseRequests.chat()), name), gateway.httpUri()));
    }

    @TestFactory
    Stream<DynamicNode> grpcJsonChat() {
        return Stream.of(grpcJson(GrpcWire.Transport.GRPC_JSON, "/gatewayapi.v1.ChatService/CreateChatCompletion"),
                         grpcJson(GrpcWire.Transport.GRPC_JSON, "/gatewayapi.v1.ChatService/StreamChatCompletion"),
                         grpcJson(GrpcWire.Transport.GRPC_WEB_JSON, "/gatewayapi.v1.ChatService/CreateChatCompletion"));
    }

    @TestFactory
    Stream<DynamicNode> embeddings() {
        final CreateEmbeddingsRequest base = BaseRequests.embeddings();
        return Stream.of(
                HostileBatch.of("REST POST /api/v1/embeddings",
                        () -> new NativeRestSurface(new HttpCalls(gateway.httpUri()), "/api/v1/embeddings"),
                        ProtoJsonCases.of(base), gateway.httpUri()),
                grpcJson(GrpcWire.Transport.GRPC_JSON, "/gatewayapi.v1.EmbeddingsService/CreateEmbeddings", base));
    }

    @TestFactory
    Stream<DynamicNode> modelsQuery() {
        return Stream.of(HostileBatch.of("REST GET " + ModelsQuerySurface.PATH,
                () -> new ModelsQuerySurface(gateway.httpUri()), ModelsQueryCases.of(),
                gateway.httpUri()));
    }

    @TestFactory
    Stream<DynamicNode> requestsRefusedBeforeAnyService() {
        final String name = "HTTP edge";
        final List<DynamicNode> tests = new ArrayList<>();
        for (HttpEdgeCases.EdgeCase edge : HttpEdgeCases.of()) {
            tests.add(DynamicTest.dynamicTest(edge.name(), () -> Verdict.check(
                    edge.openAi() ? "OpenAI /v1" : "REST /api/v1", edge.name(), edge.expectation(),
                    edge.send(gateway.httpUri()))));
        }
        tests.add(DynamicTest.dynamicTest("the gateway is healthy after the batch",
                                          () -> GatewayHealth.assertHealthy(gateway.httpUri(), name)));
        return Stream.of(DynamicContainer.dynamicContainer(name + " (" + (tests.size() - 1) + " cases)", tests));
    }

    private static DynamicNode grpcJson(GrpcWire.Transport transport, String method) {
        return grpcJson(transport, method, BaseRequests.chatCall());
    }

    private static DynamicNode grpcJson(GrpcWire.Transport transport, String method, com.google.protobuf.Message base) {
        final String name = transport.contentType + ' ' + method;
        return HostileBatch.of(name, () -> new GrpcJsonSurface(new GrpcWire(gateway.httpUri()), transport, method),
                               CaseSampler.sample(ProtoJsonCases.of(base), name), gateway.httpUri());
    }
}
