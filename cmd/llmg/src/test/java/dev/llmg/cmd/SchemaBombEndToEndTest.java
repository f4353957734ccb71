package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.client.LlmgClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Schemas built to exhaust the gateway (the 300-byte bomb, a minItems of a hundred million, a
 * pattern that backtracks for ever, NaN) get a quick 400 / INVALID_ARGUMENT naming the keyword and the limit
 * on every surface, and the gateway keeps answering its health check and other calls.
 */
@Timeout(60)
class SchemaBombEndToEndTest {

    /** The bomb: 2,000 × 2,000 × 2,000 values from 300 bytes. */
    private static final String BOMB = "{\"type\":\"array\",\"minItems\":2000,\"items\":{\"type\":\"array\","
                                       + "\"minItems\":2000,\"items\":{\"type\":\"array\",\"minItems\":2000}}}";
    private static final String MANY = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\","
                                       + "\"minItems\":100000000}}}";
    private static final String REDOS = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\","
                                        + "\"pattern\":\"^(a+)+$\"}}}";
    private static final Duration QUICKLY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @AfterEach
    void gatewayStillAnswers() {
        final AggregatedHttpResponse health = WebClient.builder(gateway.httpUri()).responseTimeout(QUICKLY).build()
                                                       .get("/healthz").aggregate().join();
        assertThat(health.status().code()).isEqualTo(200);
        assertThat(client().complete(ask("sim-echo", "still here")).getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("still here");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            response format bomb ; FORMAT ; BOMB  ; response_format.json_schema.schema.items.minItems ; 262144
            tools bomb           ; TOOLS  ; MANY  ; tools[0].parameters.properties.a.minItems         ; 10000
            ReDoS pattern        ; TOOLS  ; REDOS ; tools[0].parameters.properties.id.pattern         ; exponential time
            """)
    void nativeRestRefusesQuickly(String what, String where, String schema, String field, String limit) {
        final String body = "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}],"
                            + canonical(where, schema) + '}';
        final long start = System.nanoTime();
        final AggregatedHttpResponse rest = WebClient.builder(gateway.httpUri()).responseTimeout(Duration.ofSeconds(30))
                                                     .build().prepare().post("/api/v1/chat/completions")
                                                     .content(MediaType.JSON_UTF_8, body).execute().aggregate().join();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(QUICKLY);
        assertThat(rest.status().code()).as(what).isEqualTo(400);
        assertThat(rest.contentUtf8()).as(what).contains(field, limit);

        final AggregatedHttpResponse sse = SseReader.postWhole(gateway.httpUri(), MediaType.JSON_UTF_8, body);
        assertThat(sse.status().code()).as(what + " over SSE").isEqualTo(400);
        assertThat(sse.contentUtf8()).as(what + " over SSE").contains(field, limit);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            response format bomb ; FORMAT ; BOMB  ; false ; response_format.json_schema.schema.items.minItems ; 262144
            streamed bomb        ; FORMAT ; BOMB  ; true  ; response_format.json_schema.schema.items.minItems ; 262144
            tools bomb           ; TOOLS  ; MANY  ; false ; tools[0].parameters.properties.a.minItems         ; 10000
            ReDoS pattern        ; TOOLS  ; REDOS ; true  ; tools[0].parameters.properties.id.pattern         ; exponential time
            """)
    void openAiApiRefusesQuickly(String what, String where, String schema, boolean stream, String param, String limit)
            throws Exception {
        final String schemaJson = "BOMB".equals(schema) ? BOMB : "MANY".equals(schema) ? MANY : REDOS;
        final String body = "{\"model\":\"sim-echo\",\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + ("FORMAT".equals(where)
                               ? "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"bomb\","
                                 + "\"schema\":" + schemaJson + "}}"
                               : "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                                 + schemaJson + "}}]") + '}';
        final long start = System.nanoTime();
        final AggregatedHttpResponse response =
                WebClient.builder(gateway.httpUri()).responseTimeout(Duration.ofSeconds(30)).build().prepare()
                         .post("/v1/chat/completions").content(MediaType.JSON, body).execute().aggregate().join();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what).isLessThan(QUICKLY);
        assertThat(response.status().code()).as(what).isEqualTo(400);
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertThat(error.get("param").asText()).as(what).isEqualTo(param);
        assertThat(error.get("message").asText()).as(what).contains(limit);
    }

    @Test
    void grpcRefusesQuicklyUnaryAndStreaming() throws Exception {
        final ChatRequest bomb = ask("sim-echo", "hi").toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("bomb").setSchema(struct(BOMB)))).build();
        final long start = System.nanoTime();
        final StatusRuntimeException unary = catchThrowableOfType(StatusRuntimeException.class,
                                                                  () -> client().complete(bomb));
        final StatusRuntimeException streamed = catchThrowableOfType(StatusRuntimeException.class,
                                                                     () -> client().stream(bomb).hasNext());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICKLY);
        for (StatusRuntimeException error : new StatusRuntimeException[] { unary, streamed }) {
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(error.getStatus().getDescription()).contains("262144");
            assertThat(BadRequestTest.detailOf(error).getField())
                    .isEqualTo("response_format.json_schema.schema.items.minItems");
        }
    }

    @Test
    void grpcRefusesNaNInASchemaWithAMessageRatherThanUnknown() throws Exception {
        final Struct schema = Struct.newBuilder()
                .putFields("type", Value.newBuilder().setStringValue("number").build())
                .putFields("minimum", Value.newBuilder().setNumberValue(Double.NaN).build()).build();
        final ChatRequest request = ask("sim-echo", "hi").toBuilder().addTools(Tool.newBuilder().setName("f")
                .setParameters(Struct.newBuilder().putFields("type", Value.newBuilder().setStringValue("object").build())
                                     .putFields("properties", Value.newBuilder().setStructValue(Struct.newBuilder()
                                             .putFields("x", Value.newBuilder().setStructValue(schema).build()))
                                             .build()))).build();
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                                                                  () -> client().complete(request));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("tools[0].parameters.properties.x.minimum", "NaN");
    }

    @Test
    void aSchemaAtTheLimitsStillGetsItsAnswer() throws Exception {
        final String schema = "{\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"n\":{\"type\":\"array\","
                              + "\"minItems\":10000,\"items\":{\"type\":\"integer\",\"minimum\":3}}}}";
        final ChatRequest request = ask("sim-echo", "hi").toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("many").setSchema(struct(schema)))).build();
        final JsonNode answer = JSON.readTree(client().complete(request).getChoices(0).getMessage().getContent(0)
                                                      .getText());
        assertThat(answer.get("n")).hasSize(10000);
        assertThat(answer.get("n").get(9999).asInt()).isEqualTo(3);
    }

    private static String canonical(String where, String schema) {
        final String json = "BOMB".equals(schema) ? BOMB : "MANY".equals(schema) ? MANY : REDOS;
        return "FORMAT".equals(where)
               ? "\"response_format\":{\"type\":\"RESPONSE_FORMAT_TYPE_JSON_SCHEMA\",\"json_schema\":{\"name\":\"bomb\","
                 + "\"schema\":" + json + "}}"
               : "\"tools\":[{\"name\":\"f\",\"parameters\":" + json + "}]";
    }

    private static LlmgClient client() {
        return LlmgClient.connect(gateway.httpUri());
    }

    private static Struct struct(String json) throws Exception {
        final Struct.Builder struct = Struct.newBuilder();
        JsonFormat.parser().merge(json, struct);
        return struct.build();
    }
}
