package dev.llmg.cmd;

import static dev.llmg.cmd.MalformedGrpcFramesTest.assertNoInternals;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * Errors Armeria raises around llmg's services (unknown routes, wrong methods, over-long request lines and
 * headers, invalid paths, malformed heads) come in the surface's documented JSON shape with a message that
 * says what to fix and shows no internals: the native API's {@code {"code","grpc-code","message"}} and, under
 * {@code /v1}, OpenAI's {@code {"error":{...}}}.
 */
class ErrorShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "Host: 127.0.0.1\r\n";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @AfterEach
    void gatewayStillAnswers() {
        assertThat(WebClient.of(gateway.httpUri()).get("/api/v1/models").aggregate().join().status().code())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown route under /api/v1  | GET /api/v1/nope HTTP/1.1              | 404 | NOT_FOUND        | /api/v1/nope
            unknown route                | GET /nothing HTTP/1.1                  | 404 | NOT_FOUND        | /nothing
            wrong method                 | DELETE /api/v1/models HTTP/1.1         | 405 | UNIMPLEMENTED    | DELETE
            GET on a POST route          | GET /api/v1/chat/completions HTTP/1.1  | 405 | UNIMPLEMENTED    | GET
            unknown method               | FOO /api/v1/models HTTP/1.1            | 405 | UNIMPLEMENTED    | method
            invalid percent-encoding     | GET /api/v1/%zz HTTP/1.1               | 400 | INVALID_ARGUMENT | path
            dot-dot segments             | GET /api/v1/models/../../x HTTP/1.1    | 400 | INVALID_ARGUMENT | path
            invalid path under /v1       | GET /v1/%zz HTTP/1.1                   | 400 | INVALID_ARGUMENT | path
            """)
    void nativeShape(String what, String requestLine, int status, String grpcCode, String words) throws Exception {
        assertNative(what, send(requestLine, ""), status, grpcCode, words);
    }

    @Test
    void aRequestLineTooLongIs414() throws Exception {
        assertNative("414", send("GET /api/v1/models?x=" + "a".repeat(10_000) + " HTTP/1.1", ""),
                     414, "INVALID_ARGUMENT", "request line");
    }

    @Test
    void headersTooLargeAre431() throws Exception {
        assertNative("431", send("GET /api/v1/models HTTP/1.1", "x-big: " + "b".repeat(20_000) + "\r\n"),
                     431, "INVALID_ARGUMENT", "headers");
    }

    @Test
    void aMalformedHeaderLineIs400() throws Exception {
        assertNative("bad header", send("GET /api/v1/models HTTP/1.1", "no colon here\r\n"),
                     400, "INVALID_ARGUMENT", "HTTP");
    }

    @Test
    void anUnknownExpectationIs417() throws Exception {
        assertNative("417", send("POST /api/v1/chat/completions HTTP/1.1",
                                 "Expect: something-else\r\nContent-Length: 2\r\n\r\n{}"),
                     417, "INVALID_ARGUMENT", "100-continue");
    }

    @Test
    void aPageSizeThatIsNotANumberNamesTheParameter() throws Exception {
        final AggregatedHttpResponse response =
                WebClient.of(gateway.httpUri()).get("/api/v1/models?page.page_size=abc").aggregate().join();
        assertNative("page size", of(response), 400, "INVALID_ARGUMENT", "page.page_size");
    }

    @Test
    void jsonPostedToAGrpcMethodIs415() throws Exception {
        assertNative("415 gRPC", send("POST /gatewayapi.v1.ChatService/CreateChatCompletion HTTP/1.1",
                                      "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
                     415, "INVALID_ARGUMENT", "application/grpc");
    }

    @Test
    void aRestCallWithGrpcEncodingIs415() throws Exception {
        assertNative("415 REST", send("POST /api/v1/chat/completions HTTP/1.1",
                                      "Content-Type: application/json\r\ngrpc-encoding: gzip\r\n"
                                      + "Content-Length: 2\r\n\r\n{}"),
                     415, "INVALID_ARGUMENT", "grpc-encoding");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            seed a string    | "seed":"x"
            seed true        | "seed":true
            seed an array    | "seed":[1]
            seed an object   | "seed":{}
            broken JSON      | "seed":{
            """)
    void restBodiesOfTheWrongShapeAre400WithoutInternals(String what, String field) throws Exception {
        final String body = "{\"model\":\"sim-echo\",\n" + field
                            + ",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}";
        assertNative(what, of(WebClient.of(gateway.httpUri()).prepare().post("/api/v1/chat/completions")
                                       .content(MediaType.JSON_UTF_8, body).execute().aggregate().join()),
                     400, "INVALID_ARGUMENT", "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown method           | FOO /v1/models HTTP/1.1              | 405 | method
            wrong method             | DELETE /v1/models HTTP/1.1           | 405 | DELETE
            unknown route            | GET /v1/nope HTTP/1.1                | 404 | /v1/nope
            """)
    void openAiShapeUnderV1(String what, String requestLine, int status, String words) throws Exception {
        assertOpenAi(what, send(requestLine, ""), status, words);
    }

    /** Sends a request line and headers (each ending in CRLF, then the body if any) by hand. */
    private static RawHttp1.Response send(String requestLine, String rest) throws Exception {
        return RawHttp1.exchange(gateway.httpPort(),
                                 requestLine + "\r\n" + HOST + rest + (rest.contains("\r\n\r\n") ? "" : "\r\n"));
    }

    private static RawHttp1.Response of(AggregatedHttpResponse response) {
        return new RawHttp1.Response(response.status().code(),
                                     Map.of("content-type", String.valueOf(response.contentType())),
                                     response.contentUtf8());
    }

    private static void assertNative(String what, RawHttp1.Response response, int status, String grpcCode,
                                     String words) throws Exception {
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).as(what).startsWith("application/json");
        final JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("grpc-code").asText()).as(what).isEqualTo(grpcCode);
        assertThat(error.get("code").isInt()).as(what).isTrue();
        final String message = error.get("message").asText();
        assertThat(message).as(what).isNotBlank().contains(words);
        assertNoInternals(what, message);
    }

    private static void assertOpenAi(String what, RawHttp1.Response response, int status, String words)
            throws Exception {
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        final JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error).as(what + ": " + response.body()).isNotNull();
        assertThat(error.get("type").asText()).as(what).isEqualTo("invalid_request_error");
        final String message = error.get("message").asText();
        assertThat(message).as(what).isNotBlank().contains(words);
        assertNoInternals(what, message);
    }
}
