package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.api.gateway.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A huge value echoed into an error (an unknown model name of 200,000 characters) is cut short, so that the
 * answer still fits in gRPC trailers and arrives at once, on every surface.
 */
class BoundedErrorMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUGE = "m".repeat(200_000);
    /** The most any error message may hold, in UTF-8 bytes; values quoted inside it are cut much shorter. */
    private static final int MAX_MESSAGE_BYTES = 1024;

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @Test
    void grpcAnswersAtOnceWithAShortenedName() {
        final ChatServiceBlockingStub stub = GrpcClients.builder(gateway.httpUri())
                                                        .responseTimeout(Duration.ofSeconds(5))
                                                        .build(ChatServiceBlockingStub.class);
        final long start = System.nanoTime();
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.createChatCompletion(CreateChatCompletionRequest.newBuilder()
                                                                           .setChat(ask(HUGE, "hi")).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertBounded(error.getStatus().getDescription());
        assertThat(BadRequestTest.detailOf(error).getField()).isEqualTo("model");
    }

    @Test
    void nativeRestCutsTheNameToo() throws Exception {
        final AggregatedHttpResponse response = post("/api/v1/chat/completions",
                "{\"model\":\"" + HUGE + "\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}");
        assertThat(response.status().code()).isEqualTo(404);
        assertBounded(JSON.readTree(response.contentUtf8()).get("message").asText());
    }

    @Test
    void openAiChatCutsTheNameToo() throws Exception {
        final AggregatedHttpResponse response = post("/v1/chat/completions",
                "{\"model\":\"" + HUGE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.status().code()).isEqualTo(404);
        assertBounded(JSON.readTree(response.contentUtf8()).at("/error/message").asText());
    }

    @Test
    void openAiModelLookupCutsTheIdToo() throws Exception {
        final AggregatedHttpResponse response =
                WebClient.of(gateway.httpUri()).get("/v1/models/" + "m".repeat(3000)).aggregate().join();
        assertThat(response.status().code()).isEqualTo(404);
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertBounded(error.get("message").asText());
    }

    @Test
    void sseCutsTheNameToo() throws Exception {
        final AggregatedHttpResponse response = post("/api/v1/chat/completions:stream",
                "{\"model\":\"" + HUGE + "\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}");
        assertThat(response.status().code()).isEqualTo(404);
        assertBounded(JSON.readTree(response.contentUtf8()).get("message").asText());
    }

    private static void assertBounded(String message) {
        assertThat(message).startsWith("model 'mmmm").contains("…").contains("not configured");
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_MESSAGE_BYTES);
    }

    private static AggregatedHttpResponse post(String path, String json) {
        // Built by hand: WebClient reads ":stream" in a path literal as a path parameter.
        return WebClient.of(gateway.httpUri())
                        .execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, path)
                                                              .contentType(MediaType.JSON_UTF_8).build(),
                                                HttpData.ofUtf8(json)))
                        .aggregate().join();
    }
}
