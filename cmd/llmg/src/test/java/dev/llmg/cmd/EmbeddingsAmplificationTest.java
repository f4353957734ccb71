package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.EmbeddingsServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A small embeddings request cannot ask for a huge answer: the issue's 17 KB request (2,048 inputs at 6,144
 * dimensions, a 257 MiB answer) gets a quick 400 / INVALID_ARGUMENT naming the field and the limit over
 * gRPC and {@code /v1/embeddings}, with the default limits and with configured ones; requests within them
 * are answered.
 */
@Timeout(60)
class EmbeddingsAmplificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestGateway defaults = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @RegisterExtension
    static final TestGateway configured = new TestGateway(String.join("\n",
            "limits:",
            "  embeddings:",
            "    max_inputs: 4",
            "    max_input_characters: 20",
            "    max_dimensions: 8",
            "    max_answer_length: 64",
            TestGateway.SIMULATOR_ONLY));

    @AfterEach
    void gatewayStillAnswers() {
        assertThat(WebClient.builder(defaults.httpUri()).responseTimeout(Duration.ofSeconds(5)).build()
                            .get("/healthz").aggregate().join().status().code()).isEqualTo(200);
    }

    @Test
    void theIssuesRequestIsRefusedQuicklyOnBothSurfaces() throws Exception {
        final long start = System.nanoTime();
        assertRefused(defaults, inputs(2048, "x"), 6144, "dimensions", "dimensions must be at most 4096, not 6144");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theAnswerSizeIsBoundedBelowTheOtherLimits() throws Exception {
        assertRefused(defaults, inputs(2048, "x"), 4096, "dimensions",
                      "2048 inputs × 4096 dimensions make 32 MiB of vectors, more than the 16 MiB");
        assertRefused(defaults, inputs(2049, "x"), 8, "inputs", "inputs holds 2049 texts; at most 2048");
    }

    @Test
    void configuredLimitsAreHeldToTheByte() throws Exception {
        assertRefused(configured, inputs(5, "x"), 1, "inputs", "at most 4 are allowed");
        assertRefused(configured, inputs(3, "seven c"), 1, "inputs", "21 characters in all; at most 20");
        assertRefused(configured, inputs(1, "x"), 9, "dimensions", "at most 8, not 9");
        assertRefused(configured, inputs(3, "x"), 8, "dimensions", "96 bytes of vectors, more than the 64 bytes");
        assertThat(grpc(configured).createEmbeddings(request(inputs(2, "x"), 8)).getEmbeddings(1).getValuesCount())
                .isEqualTo(8);
        final AggregatedHttpResponse v1 = openAi(configured, inputs(2, "x"), 8);
        assertThat(v1.status().code()).isEqualTo(200);
        assertThat(JSON.readTree(v1.contentUtf8()).at("/data/1/embedding")).hasSize(8);
    }

    @Test
    void anAnswerWhoseDimensionsTheModelChoseIsCheckedToo() {
        // The simulator's default is 1,536 dimensions: 6 KiB of vectors for one input, over the 64 bytes.
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> grpc(configured).createEmbeddings(CreateEmbeddingsRequest.newBuilder().setModel("sim-echo")
                                                                               .addInputs("x").build()));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("1 vectors of 1536 dimensions (6 KiB)", "64 bytes");
    }

    @Test
    void requestsWithinTheDefaultLimitsAreAnswered() throws Exception {
        assertThat(grpc(defaults).createEmbeddings(request(inputs(64, "text"), 1024)).getEmbeddingsList())
                .hasSize(64).allSatisfy(vector -> assertThat(vector.getValuesCount()).isEqualTo(1024));
        final AggregatedHttpResponse v1 = openAi(defaults, inputs(8, "text"), 64);
        assertThat(v1.status().code()).isEqualTo(200);
        assertThat(JSON.readTree(v1.contentUtf8()).get("data")).hasSize(8);
    }

    private static void assertRefused(TestGateway gateway, List<String> inputs, int dimensions, String field,
                                      String message) throws Exception {
        final StatusRuntimeException error = catchThrowableOfType(
                StatusRuntimeException.class, () -> grpc(gateway).createEmbeddings(request(inputs, dimensions)));
        assertThat(error).as(message).isNotNull();
        assertThat(error.getStatus().getCode()).as(message).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains(message);
        assertThat(BadRequestTest.detailOf(error).getField()).isEqualTo(field);

        final AggregatedHttpResponse v1 = openAi(gateway, inputs, dimensions);
        assertThat(v1.status().code()).as(message).isEqualTo(400);
        final JsonNode body = JSON.readTree(v1.contentUtf8()).get("error");
        assertThat(body.get("param").asText()).isEqualTo(field);
        assertThat(body.get("message").asText()).contains(message);
    }

    private static AggregatedHttpResponse openAi(ServerExtension gateway, List<String> inputs, int dimensions)
            throws Exception {
        final String body = JSON.writeValueAsString(JSON.createObjectNode().put("model", "sim-echo")
                                                        .put("dimensions", dimensions)
                                                        .set("input", JSON.valueToTree(inputs)));
        return WebClient.builder(gateway.httpUri()).responseTimeout(Duration.ofSeconds(30)).build().prepare()
                        .post("/v1/embeddings").content(com.linecorp.armeria.common.MediaType.JSON, body)
                        .execute().aggregate().join();
    }

    private static CreateEmbeddingsRequest request(List<String> inputs, int dimensions) {
        return CreateEmbeddingsRequest.newBuilder().setModel("sim-echo").addAllInputs(inputs)
                                      .setDimensions(dimensions).build();
    }

    private static List<String> inputs(int count, String text) {
        final List<String> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inputs.add(text);
        }
        return inputs;
    }

    private static EmbeddingsServiceGrpc.EmbeddingsServiceBlockingStub grpc(ServerExtension gateway) {
        return GrpcClients.builder(gateway.httpUri()).responseTimeout(Duration.ofSeconds(30))
                          .maxResponseLength(64 << 20)
                          .build(EmbeddingsServiceGrpc.EmbeddingsServiceBlockingStub.class);
    }
}
