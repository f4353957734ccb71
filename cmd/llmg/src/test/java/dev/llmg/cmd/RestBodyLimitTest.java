package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

/** A body over server.max_request_length gets a 413 in the surface's own JSON error shape. */
class RestBodyLimitTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(
            "server: {max_request_length: 1KiB}\n" + TestGateway.SIMULATOR_ONLY);

    private static final String BIG = "x".repeat(3000);

    @Test
    void nativeRestAnswersJson413() {
        final AggregatedHttpResponse response = post("/api/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"" + BIG + "\"}]}]}");
        assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).contains("\"grpc-code\":\"INVALID_ARGUMENT\"", "server.max_request_length: 1024");
    }

    @Test
    void openAiSurfaceAnswersInOpenAisShape() {
        final AggregatedHttpResponse response = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + BIG + "\"}]}");
        assertThat(response.status()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(response.contentUtf8()).startsWith("{\"error\":{").contains("request_too_large");
    }

    @Test
    void smallRequestsStillPass() {
        assertThat(post("/api/v1/chat/completions",
                        "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"ok\"}]}]}")
                           .status()).isEqualTo(HttpStatus.OK);
    }

    private static AggregatedHttpResponse post(String path, String json) {
        return WebClient.of(gateway.httpUri()).prepare().post(path).content(MediaType.JSON_UTF_8, json)
                        .execute().aggregate().join();
    }
}
