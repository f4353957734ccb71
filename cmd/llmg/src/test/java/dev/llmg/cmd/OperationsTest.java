package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;

/** What operators and tools rely on: health, reflection (grpcurl), docs. */
class OperationsTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @Test
    void grpcHealthServiceReportsServing() {
        final HealthGrpc.HealthBlockingStub health =
                GrpcClients.newClient(gateway.httpUri(), HealthGrpc.HealthBlockingStub.class);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheGatewayServices() throws Exception {
        final ServerReflectionGrpc.ServerReflectionStub reflection =
                GrpcClients.newClient(gateway.httpUri(), ServerReflectionGrpc.ServerReflectionStub.class);
        final CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        final StreamObserver<ServerReflectionRequest> requests = reflection.serverReflectionInfo(
                new StreamObserver<ServerReflectionResponse>() {
                    @Override public void onNext(ServerReflectionResponse value) { answer.complete(value); }
                    @Override public void onError(Throwable t) { answer.completeExceptionally(t); }
                    @Override public void onCompleted() {}
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        final List<String> services = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList()
                                            .stream().map(ServiceResponse::getName).toList();
        assertThat(services).contains("gatewayapi.v1.ChatService", "gatewayapi.v1.ModelsService", "grpc.health.v1.Health");
    }

    @Test
    void docServiceAndHttpHealthCheckAreServed() {
        final WebClient web = WebClient.of(gateway.httpUri());
        assertThat(web.get("/docs/").aggregate().join().status().code()).isEqualTo(200);
        assertThat(web.get("/docs/specification.json").aggregate().join().contentUtf8())
                .contains("gatewayapi.v1.ChatService", "sim-echo");
        assertThat(web.get("/healthz").aggregate().join().status().code()).isEqualTo(200);
    }
}
