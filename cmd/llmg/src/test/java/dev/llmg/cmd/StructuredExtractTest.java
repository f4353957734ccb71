package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.ExtractJsonRequest;
import dev.llmg.api.gateway.v1.ExtractJsonResponse;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.StructuredOutputServiceGrpc;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Schema-guided extraction through a real gateway, over gRPC and REST: the value that fits the schema is
 * pulled out of a free-text answer (not the first JSON in it), mended, and reported; bad input is a clear
 * INVALID_ARGUMENT / 400.
 */
class StructuredExtractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROSE = "I considered {\"draft\": true} first, but here is the answer:\n"
                                        + "```json\n{name: 'Ada', age: \"36\",}\n```\nHope that helps!";
    private static final String PERSON = "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"},"
                                         + " \"age\": {\"type\": \"integer\"}}, \"required\": [\"name\", \"age\"]}";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @Test
    void grpcPullsTheValueThatFitsTheSchemaOutOfProse() throws Exception {
        final ExtractJsonResponse found = stub().extractJson(ExtractJsonRequest.newBuilder().setText(PROSE)
                .setJsonSchema(JsonSchema.newBuilder().setSchema(struct(PERSON))).build());

        assertThat(found.getJson()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
        assertThat(found.getValue().getStructValue().getFieldsOrThrow("age").getNumberValue()).isEqualTo(36);
        assertThat(found.getCheck().getStatus()).isEqualTo(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED);
        assertThat(found.getCheck().getRepairsList())
                .contains("surrounding_text", "single_quotes", "unquoted_key", "trailing_comma", "string_as_number");
    }

    @Test
    void restAnswersTheSameAndSaysWhyAValueDoesNotFit() throws Exception {
        final JsonNode found = post("{\"text\": " + JSON.writeValueAsString("the answer is {\"name\": 7}")
                                    + ", \"json_schema\": {\"schema\": " + PERSON + "}}");

        assertThat(found.at("/check/status").asText()).isEqualTo("STRUCTURED_OUTPUT_STATUS_INVALID");
        assertThat(found.at("/check/errors").toString()).contains("$.name", "age");
        assertThat(found.at("/json").asText()).isEqualTo("{\"name\":7}");
    }

    @Test
    void withoutASchemaAnyObjectDoesAndTextWithoutJsonSaysSo() {
        final ExtractJsonResponse none = stub().extractJson(ExtractJsonRequest.newBuilder()
                                                                              .setText("no JSON here").build());

        assertThat(none.hasValue()).isFalse();
        assertThat(none.getCheck().getErrorsList()).containsExactly("the answer holds no JSON value");
    }

    @Test
    void badInputIsInvalidArgumentNamingTheField() throws Exception {
        assertThatThrownBy(() -> stub().extractJson(ExtractJsonRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("text is required");
                });
        final AggregatedHttpResponse bomb = WebClient.of(gateway.httpUri()).prepare().post("/api/v1/structured/extract")
                .content(MediaType.JSON, "{\"text\": \"{}\", \"json_schema\": {\"schema\": {\"type\": \"string\", "
                                         + "\"pattern\": \"(a+)+$\"}}}").execute().aggregate().join();
        assertThat(bomb.status().code()).isEqualTo(400);
        assertThat(bomb.contentUtf8()).contains("json_schema.schema");
        final AggregatedHttpResponse tooLong = WebClient.of(gateway.httpUri()).prepare()
                .post("/api/v1/structured/extract")
                .content(MediaType.JSON, "{\"text\": \"" + "x".repeat(262_145) + "\"}").execute().aggregate().join();
        assertThat(tooLong.status().code()).isEqualTo(400);
        assertThat(tooLong.contentUtf8()).contains("at most 262144 characters");
    }

    private static JsonNode post(String body) throws Exception {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).prepare()
                .post("/api/v1/structured/extract").content(MediaType.JSON, body).execute().aggregate().join();
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        return JSON.readTree(response.contentUtf8());
    }

    private static StructuredOutputServiceGrpc.StructuredOutputServiceBlockingStub stub() {
        return GrpcClients.newClient(gateway.httpUri(),
                                     StructuredOutputServiceGrpc.StructuredOutputServiceBlockingStub.class);
    }

    private static Struct struct(String json) throws Exception {
        final Struct.Builder struct = Struct.newBuilder();
        JsonFormat.parser().merge(json, struct);
        return struct.build();
    }
}
