package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.EmbeddingsServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** EmbeddingsService over gRPC and REST transcoding: simulator vectors, and refusals that name the field. */
class EmbeddingsServiceTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers:",
            "  simulator:",
            "    type: simulator",
            "  chat-only:", // Anthropic has no embeddings API
            "    type: anthropic",
            "    base_url: http://127.0.0.1:1/v1",
            "    api_key: sk-ant-test",
            "models:",
            "  - name: sim-echo",
            "    provider: simulator",
            "  - name: chat-model",
            "    provider: chat-only",
            ""));

    private static EmbeddingsServiceGrpc.EmbeddingsServiceBlockingStub stub() {
        return GrpcClients.newClient(gateway.httpUri(), EmbeddingsServiceGrpc.EmbeddingsServiceBlockingStub.class);
    }

    @Test
    void grpcAnswersOneUnitVectorPerInputWithGatewayMetadata() {
        final CreateEmbeddingsResponse response = stub().createEmbeddings(CreateEmbeddingsRequest.newBuilder()
                .setModel("sim-echo").addInputs("one").addInputs("two").setDimensions(32).build());
        assertThat(response.getEmbeddingsList()).hasSize(2);
        assertThat(response.getEmbeddings(1).getIndex()).isEqualTo(1);
        assertThat(response.getEmbeddings(0).getValuesList()).hasSize(32);
        double norm = 0;
        for (float value : response.getEmbeddings(0).getValuesList()) {
            norm += value * value;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(response.getUsage().getInputTokens()).isPositive();
        assertThat(response.getGateway().getProvider()).isEqualTo("simulator");
        assertThat(response.getModel()).isEqualTo("sim-echo");
    }

    @Test
    void restTranscodingServesTheSameVectors() {
        final AggregatedHttpResponse rest = OpenAiWireTestSupport.post(gateway, "/api/v1/embeddings",
                "{\"model\":\"sim-echo\",\"inputs\":[\"one\"],\"dimensions\":4}");
        assertThat(rest.status().code()).isEqualTo(200);
        final float first = stub().createEmbeddings(CreateEmbeddingsRequest.newBuilder().setModel("sim-echo")
                                                                           .addInputs("one").setDimensions(4).build())
                                  .getEmbeddings(0).getValues(0);
        assertThat(rest.contentUtf8()).contains(Float.toString(first));
    }

    @Test
    void aModelWhoseProviderCannotEmbedIsInvalid() {
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().createEmbeddings(CreateEmbeddingsRequest.newBuilder().setModel("chat-model")
                                                                     .addInputs("hi").build()));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("model 'chat-model' cannot make embeddings");
        assertThat(BadRequestTest.detailOf(error).getField()).isEqualTo("model");
    }

    @Test
    void noInputsIsInvalid() {
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().createEmbeddings(CreateEmbeddingsRequest.newBuilder().setModel("sim-echo").build()));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(BadRequestTest.detailOf(error).getField()).isEqualTo("inputs");
    }
}
