package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;

/**
 * Bad input to the OpenAI-compatible API gets a 4xx in OpenAI's error shape that says what to fix, never a
 * 500, and the gateway keeps answering.
 */
class OpenAiBadRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_LENGTH = 64 * 1024;
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "server:",
            "  max_request_length: " + MAX_REQUEST_LENGTH,
            TestGateway.SIMULATOR_ONLY));

    @AfterEach
    void gatewayStillAnswers() throws Exception {
        final AggregatedHttpResponse response = OpenAiWireTestSupport.post(gateway, "/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"still here\"}]}");
        assertThat(JSON.readTree(response.contentUtf8()).at("/choices/0/message/content").asText())
                .isEqualTo("still here");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON     | {"model":"sim-echo",                                                          | 400 |                                     | line 1, column 21
            empty body         | ``                                                                            | 400 |                                     | the request body is empty
            not an object      | [1, 2]                                                                        | 400 |                                     | must be a JSON object
            messages a string  | {"model":"sim-echo","messages":"hi"}                                          | 400 | messages                            | messages must be an array
            no messages        | {"model":"sim-echo"}                                                          | 400 | messages                            | messages is required
            empty messages     | {"model":"sim-echo","messages":[]}                                            | 400 | messages                            | at least one message
            message a string   | {"model":"sim-echo","messages":["hi"]}                                        | 400 | messages[0]                         | messages[0] must be an object
            temperature hot    | {"model":"sim-echo","temperature":"hot",HI}                                   | 400 | temperature                         | temperature must be a number
            temperature 3      | {"model":"sim-echo","temperature":3,HI}                                       | 400 | temperature                         | temperature must be between
            n not whole        | {"model":"sim-echo","n":1.5,HI}                                               | 400 | n                                   | n must be a whole number
            max_tokens 0       | {"model":"sim-echo","max_tokens":0,HI}                                        | 400 | max_tokens                          | max_tokens must be at least 1
            unknown role       | {"model":"sim-echo","messages":[{"role":"wizard","content":"hi"}]}            | 400 | messages[0].role                    | 'wizard' is not a role
            no role            | {"model":"sim-echo","messages":[{"content":"hi"}]}                            | 400 | messages[0].role                    | messages[0].role is required
            content a number   | {"model":"sim-echo","messages":[{"role":"user","content":42}]}                | 400 | messages[0].content                 | a string or an array of content parts
            unknown part       | {"model":"sim-echo","messages":[{"role":"user","content":[{"type":"video"}]}]} | 400 | messages[0].content[0].type        | must be text, image_url or refusal
            bad image detail   | {"model":"sim-echo","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/a.png","detail":"huge"}}]}]} | 400 | messages[0].content[0].image_url.detail | must be auto, low or high
            tool without id    | {"model":"sim-echo","messages":[{"role":"tool","content":"42"}]}              | 400 | messages[0].tool_call_id            | tool_call_id is required
            stop a number      | {"model":"sim-echo","stop":7,HI}                                              | 400 | stop                                | a string or an array of strings
            bad tool choice    | {"model":"sim-echo","tool_choice":"sometimes",HI}                             | 400 | tool_choice                         | auto, none, required
            unknown tool named | {"model":"sim-echo","tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}},HI} | 400 | tool_choice.tool_name | is not one of the request's tools
            tools and functions| {"model":"sim-echo","tools":[],"functions":[],HI}                              | 400 | functions                           | not both
            format banana      | {"model":"sim-echo","response_format":{"type":"banana"},HI}                   | 400 | response_format.type                | must be text, json_object or json_schema
            schema not object  | {"model":"sim-echo","response_format":{"type":"json_schema","json_schema":{"name":"a","schema":"object"}},HI} | 400 | response_format.json_schema.schema | must be an object
            schema type banana | {"model":"sim-echo","response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"banana"}}},HI} | 400 | response_format.json_schema.schema.type | not 'banana'
            schema bad props   | {"model":"sim-echo","response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object","properties":[]}}},HI} | 400 | response_format.json_schema.schema.properties | must be an object mapping names to schemas
            schema no name     | {"model":"sim-echo","response_format":{"type":"json_schema","json_schema":{"schema":{"type":"object"}}},HI} | 400 | response_format.json_schema.name | name is required
            tool params bad    | {"model":"sim-echo","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","required":"city"}}}],HI} | 400 | tools[0].parameters.required | a list of property names
            schema number huge | {"model":"sim-echo","response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"integer","maximum":1e400}}},HI} | 400 | response_format.json_schema.schema.maximum | is too large
            param number huge  | {"model":"sim-echo","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"x":{"type":"number","minimum":-1e400}}}}}],HI} | 400 | tools[0].function.parameters.properties.x.minimum | is too large
            temperature huge   | {"model":"sim-echo","temperature":1e400,HI}                                   | 400 | temperature                         | temperature is too large
            temperature array  | {"model":"sim-echo","temperature":[1],HI}                                     | 400 | temperature                         | temperature must be a number
            role a number      | {"model":"sim-echo","messages":[{"role":1,"content":"hi"}]}                   | 400 | messages[0].role                    | must be a string
            seed a word        | {"model":"sim-echo","seed":"x",HI}                                            | 400 | seed                                | seed must be a whole number
            lone surrogate     | {"model":"sim-echo","messages":[{"role":"user","content":"a\\ud800"}]}        | 400 | messages[0].content                 | not valid Unicode
            trailing garbage   | {"model":"sim-echo",HI}xyz                                                    | 400 |                                     | after the JSON value
            two objects        | {"model":"sim-echo",HI}{"model":"sim-echo",HI}                                | 400 |                                     | after the JSON value
            duplicate name     | {"model":"sim-echo","model":"sim-echo",HI}                                    | 400 |                                     | appears twice in one object
            metadata a number  | {"model":"sim-echo","metadata":{"a":1},HI}                                    | 400 | metadata.a                          | metadata.a must be a string
            unknown model      | {"model":"nope",HI}                                                           | 404 | model                               | model 'nope' is not configured
            no model           | {HI}                                                                          | 400 | model                               | model is required
            """)
    void chatGetsAClearOpenAiError(String what, String body, int status, String param, String message)
            throws Exception {
        final String json = body == null ? "" : body.replace("HI", HI);
        final AggregatedHttpResponse response = OpenAiWireTestSupport.post(gateway, "/v1/chat/completions", json);
        assertError(what, response, status, "invalid_request_error", message);
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        if (param == null) {
            assertThat(error.get("param").isNull()).as(what).isTrue();
        } else {
            assertThat(error.get("param").asText()).as(what).isEqualTo(param);
        }
    }

    @Test
    void streamingRequestsFailBeforeTheStreamWithARealStatus() throws Exception {
        final AggregatedHttpResponse response = OpenAiWireTestSupport.post(gateway, "/v1/chat/completions",
                "{\"model\":\"nope\",\"stream\":true," + HI + '}');
        assertError("unknown model, streaming", response, 404, "invalid_request_error", "not configured");
        assertThat(JSON.readTree(response.contentUtf8()).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        final String big = "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\""
                           + "x".repeat(MAX_REQUEST_LENGTH) + "\"}]}";
        final AggregatedHttpResponse response = OpenAiWireTestSupport.post(gateway, "/v1/chat/completions", big);
        assertError("too large", response, 413, "invalid_request_error", "server.max_request_length = 65536 bytes");
    }

    @Test
    void aBodyOverTheLimitSentInChunksIs413Too() throws Exception {
        // No content-length: the limit is only found out while the body streams in.
        final HttpRequest request = HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON).build(),
                StreamMessage.of(HttpData.ofUtf8("{\"model\":\"sim-echo\",\"messages\":[\""),
                                 HttpData.ofUtf8("y".repeat(MAX_REQUEST_LENGTH)), HttpData.ofUtf8("\"]}")));
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(request).aggregate().join();
        assertError("too large, chunked", response, 413, "invalid_request_error", "server.max_request_length");
    }

    @Test
    void aNonJsonContentTypeIs415() throws Exception {
        final AggregatedHttpResponse response =
                WebClient.of(gateway.httpUri()).prepare().post("/v1/chat/completions")
                         .content(MediaType.PLAIN_TEXT_UTF_8, "{\"model\":\"sim-echo\"," + HI + '}')
                         .execute().aggregate().join();
        assertError("text/plain", response, 415, "invalid_request_error", "must be JSON");
    }

    @Test
    void wrongMethodsAndUnknownPathsAreOpenAiErrors() throws Exception {
        assertError("GET chat", WebClient.of(gateway.httpUri()).get("/v1/chat/completions").aggregate().join(),
                    405, "invalid_request_error", "use POST");
        assertError("unknown path", WebClient.of(gateway.httpUri()).get("/v1/assistants").aggregate().join(),
                    404, "invalid_request_error", "Invalid URL (GET /v1/assistants)");
        assertError("unknown model", WebClient.of(gateway.httpUri()).get("/v1/models/nope").aggregate().join(),
                    404, "invalid_request_error", "model 'nope' is not configured");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no input           | {"model":"sim-echo"}                                           | 400 | input is required
            token array        | {"model":"sim-echo","input":[1,2,3]}                           | 400 | token arrays is not supported
            token arrays       | {"model":"sim-echo","input":[[1,2]]}                           | 400 | token arrays is not supported
            input an object    | {"model":"sim-echo","input":{"a":1}}                           | 400 | a string or an array of strings
            empty input        | {"model":"sim-echo","input":[]}                                | 400 | at least one text
            empty string       | {"model":"sim-echo","input":""}                                | 400 | inputs[0] is empty
            bad format         | {"model":"sim-echo","input":"a","encoding_format":"hex"}       | 400 | encoding_format must be float or base64
            zero dimensions    | {"model":"sim-echo","input":"a","dimensions":0}                | 400 | dimensions must be at least 1
            huge dimensions    | {"model":"sim-echo","input":"a","dimensions":100000}           | 400 | dimensions must be at most
            unknown model      | {"model":"nope","input":"a"}                                   | 404 | model 'nope' is not configured
            """)
    void embeddingsGetAClearOpenAiError(String what, String body, int status, String message) throws Exception {
        assertError(what, OpenAiWireTestSupport.post(gateway, "/v1/embeddings", body), status,
                    "invalid_request_error", message);
    }

    private static void assertError(String what, AggregatedHttpResponse response, int status, String type,
                                    String message) throws Exception {
        assertThat(response.status().code()).as(what + ": " + response.contentUtf8()).isEqualTo(status);
        assertThat(response.contentType().isJson()).as(what).isTrue();
        final JsonNode error = JSON.readTree(response.contentUtf8()).get("error");
        assertThat(error.get("type").asText()).as(what).isEqualTo(type);
        assertThat(error.get("message").asText()).as(what).contains(message);
        assertThat(error.has("param")).as(what).isTrue();
        assertThat(error.has("code")).as(what).isTrue();
    }
}
