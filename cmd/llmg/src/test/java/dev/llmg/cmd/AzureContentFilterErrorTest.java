package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.client.LlmgClient;
import io.grpc.StatusRuntimeException;

/**
 * Azure OpenAI's refusal of a prompt by its content filters keeps its {@code innererror} (which filter fired, and
 * every filter's verdict): in {@code error.innererror} on {@code /v1}, where Azure's clients read it, and in the
 * error detail's {@code provider_details} on gRPC.
 */
class AzureContentFilterErrorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Azure's documented answer to a prompt its filters caught. */
    private static final String FILTERED = "{\"error\":{\"message\":\"The response was filtered due to the prompt "
            + "triggering Azure OpenAI's content management policy.\",\"type\":null,\"param\":\"prompt\","
            + "\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
            + "\"content_filter_result\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":"
            + "{\"filtered\":true,\"detected\":true},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,"
            + "\"severity\":\"safe\"}}}}}";

    @RegisterExtension
    @Order(1)
    static final ServerExtension azure = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/azure/openai/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                    HttpStatus.BAD_REQUEST, MediaType.JSON, HttpData.ofUtf8(FILTERED)));
        }
    };

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  azure:",
            "    type: azure",
            "    endpoint: " + azure.httpUri() + "/azure",
            "    url_style: v1",
            "    api_key: azure-test-key",
            "    deployments:",
            "      gpt-5-mini: my-gpt-5-mini",
            "models:",
            "  - name: azure-mini",
            "    provider: azure",
            "    provider_model: gpt-5-mini",
            ""));

    @Test
    void openAiClientsFindTheFilterThatFiredWhereAzurePutsIt() throws Exception {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON).build(),
                HttpData.ofUtf8("{\"model\":\"azure-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")))
                                                          .aggregate().join();

        assertThat(response.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("content_filter");
        assertThat(error.at("/innererror/code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        assertThat(error.at("/innererror/content_filter_result/jailbreak/filtered").asBoolean()).isTrue();
        assertThat(error.at("/innererror/content_filter_result/hate/severity").asText()).isEqualTo("safe");
    }

    @Test
    void grpcCallersFindItInTheErrorDetail() {
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("azure-mini", "x")));

        final ErrorDetail detail = BadRequestTest.detailOf(error);
        assertThat(detail.getReason()).isEqualTo("content_filter");
        assertThat(detail.getProviderDetails().getFieldsOrThrow("innererror").getStructValue()
                         .getFieldsOrThrow("content_filter_result").getStructValue().getFieldsOrThrow("jailbreak")
                         .getStructValue().getFieldsOrThrow("filtered").getBoolValue()).isTrue();
    }
}
